import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { defineFactorKind, policyMethods, POLICY_METHODS, SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import { accountLockKeys, lockLabel } from '@/lib/core/factor-kinds/lock-keys';
import { prisma } from '@/lib/db/prisma';
import { readAccountSecurity } from '@/lib/mfa/read-account-security';
import { readMailboxSecurity } from '@/lib/support/read-mailbox-security';
import { startSignIn } from '@/tests/support/sign-in';
import { createMfaUser, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// A kind that exists only here: every account "holds" one key named after its address. Adding a
// kind is one entry; the prompt, both security screens, policy and the locks must pick it up.
const testKeyKind = defineFactorKind({
  method: 'test_key',
  name: 'Test key',
  turnsOnTwoFactor: false,
  channel: null,
  policyKey: 'test_key',
  policyCheckedAt: 'verify',
  select: { email: true },
  isEnrolled: () => true,
  enrolledSql: 'TRUE',
  removeAll: async () => undefined,
  check: 'test_key',
  checkLabel: 'Test keys',
  enrolThrottle: null,
  enrolThrottleLabel: null,
  responseSchema: z.string().regex(/^key:/),
  isAcceptedInAnyCodeField: false,
  verify: (_input, onVerified) => prisma.$transaction((tx) => onVerified(tx, 'test_key')),
  describe: (state) => [{ key: 'test-key', method: 'test_key', label: `Test key of ${state.email}`, maskedDestination: null, removal: null }],
  // Policy has no row for a kind it never heard of, so this one offers itself regardless.
  promptOption: () => [{ method: 'test_key', key: 'test-key', group: 'test-key', maskedDestination: null }],
});

const KINDS = [...SECOND_FACTOR_KINDS, testKeyKind] as const;

describe('a new factor kind is one registry entry', () => {
  it('is offered on the token prompt, described on the security page and the support console, and listed by policy', async () => {
    const user = await createMfaUser();
    const login = await startSignIn(user, testRequest());

    const shipped = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect(shipped.offered.map((option) => option.method)).toEqual(['totp']);
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id }, kinds: KINDS });
    expect(options.offered.map((option) => option.method)).toEqual(['totp', 'test_key']);

    const security = await readAccountSecurity({ userId: user.id, isStaff: false, kinds: KINDS });
    expect(security.factors.map((factor) => factor.label)).toEqual(['Authenticator app', `Test key of ${user.email}`]);
    expect(security.isMfaEnabled).toBe(true);

    const mailbox = await readMailboxSecurity({ actor: TEST_CONSOLE, userId: user.id, kinds: KINDS });
    expect(mailbox.factors).toEqual(['Authenticator app', `Test key of ${user.email}`]);

    expect(policyMethods(KINDS)).toEqual([...POLICY_METHODS, 'test_key']);
    expect(accountLockKeys(user, KINDS)).toContain(`test_key:${user.id}`);
    expect(lockLabel(`test_key:${user.id}`, KINDS)).toBe('Test keys');
  });

  it('the shipped registry describes a phone once, though texts and calls both use it', async () => {
    const user = await createMfaUser();
    const phone = await prisma.phone.create({ data: { userId: user.id, number: '+14155550132', countryCode: 'US' }, select: { id: true } });
    const security = await readAccountSecurity({ userId: user.id, isStaff: false });
    expect(security.factors.map((factor) => factor.label)).toEqual(['Authenticator app', 'Backup phone +141••••••32']);
    expect(security.factors[1]?.removal).toEqual({ phoneId: phone.id });
  });
});
