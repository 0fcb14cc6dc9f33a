import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { brandScope } from '@/lib/policy/policy-layer';
import { DEFAULT_POLICY, FLOOR_KEYS, STRICTER_VALUE, type FloorKey, type TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { backupCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { inOwnDatabase } from '@/tests/support/own-database';
import { startSignIn } from '@/tests/support/sign-in';
import { createTestUser, selfActorFor, TEST_CONSOLE } from '@/tests/support/users';

// Issue 17: the platform's security switches are floors. A brand may be stricter, never looser,
// unless the platform ticks "Brands may loosen this" for that switch. This file changes the
// platform's layer, so it works in a database of its own.
inOwnDatabase('gh_floors');

async function platform(changes: Partial<TPolicy>, brandsMayLoosen: FloorKey[] = []) {
  await updatePlatformSettings({ actor: TEST_CONSOLE, changes: { ...DEFAULT_POLICY, ...changes }, brandsMayLoosen });
}

const looser = (key: FloorKey) => !STRICTER_VALUE[key];

describe('a brand below the platform', () => {
  it('cannot loosen any security switch the platform set the stricter way: refused on the field, nothing saved', async () => {
    for (const key of FLOOR_KEYS) {
      await platform({ [key]: STRICTER_VALUE[key] });
      const brand = await createTestBrand();
      const error = await expectAppError(updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { [key]: looser(key) } }), 'HELD_BY_PLATFORM');
      expect({ key, fields: Object.keys(error.fieldErrors ?? {}) }).toEqual({ key, fields: [key] });
      expect(await prisma.scopePolicy.count({ where: { scope: brandScope(brand.id) } })).toBe(0);
      const { settings, sources } = await getEffectivePolicy({ brandId: brand.id });
      expect({ key, value: settings[key], source: sources[key] }).toEqual({ key, value: STRICTER_VALUE[key], source: 'platform' });
    }
    await platform({});
  });

  it('ignores a looser value stored before the platform tightened, for every switch', async () => {
    for (const key of FLOOR_KEYS) {
      await platform({ [key]: looser(key) });
      const brand = await createTestBrand({ [key]: looser(key) });
      await platform({ [key]: STRICTER_VALUE[key] });
      const { settings, sources } = await getEffectivePolicy({ brandId: brand.id });
      expect({ key, value: settings[key], source: sources[key] }).toEqual({ key, value: STRICTER_VALUE[key], source: 'platform' });
    }
    await platform({});
  });

  it('may always be stricter than the platform, on every switch', async () => {
    for (const key of FLOOR_KEYS) {
      await platform({ [key]: looser(key) });
      const brand = await createTestBrand({ [key]: STRICTER_VALUE[key] });
      const { settings, sources } = await getEffectivePolicy({ brandId: brand.id });
      expect({ key, value: settings[key], source: sources[key] }).toEqual({ key, value: STRICTER_VALUE[key], source: 'brand' });
    }
    await platform({});
  });

  it('may loosen exactly the switches the platform lets brands loosen; unticking holds the floor again', async () => {
    for (const key of FLOOR_KEYS) {
      await platform({ [key]: STRICTER_VALUE[key] }, [key]);
      const brand = await createTestBrand({ [key]: looser(key) });
      expect({ key, value: (await getEffectivePolicy({ brandId: brand.id })).settings[key] }).toEqual({ key, value: looser(key) });
      // Another switch is still held.
      const other = FLOOR_KEYS.find((candidate) => candidate !== key) as FloorKey;
      await platform({ [key]: STRICTER_VALUE[key], [other]: STRICTER_VALUE[other] }, [key]);
      await expectAppError(updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { [other]: looser(other) } }), 'HELD_BY_PLATFORM');

      await platform({ [key]: STRICTER_VALUE[key] }, []);
      expect({ key, value: (await getEffectivePolicy({ brandId: brand.id })).settings[key] }).toEqual({ key, value: STRICTER_VALUE[key] });
    }
    await platform({});
  });

  it('while the platform requires 2FA and holds it, may shorten the enrolment period or start earlier, never the other way', async () => {
    await platform({ requireTwoFactor: true, enrolmentDays: 14, enforceFrom: '2027-06-01' });
    const brand = await createTestBrand();
    const error = await expectAppError(
      updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { enrolmentDays: 365, enforceFrom: '2099-01-01' } }),
      'HELD_BY_PLATFORM',
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['enforceFrom', 'enrolmentDays']);
    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { enrolmentDays: 3, enforceFrom: '2027-01-01' } });
    expect((await getEffectivePolicy({ brandId: brand.id })).settings).toMatchObject({ requireTwoFactor: true, enrolmentDays: 3, enforceFrom: '2027-01-01' });

    // With "Brands may loosen this" on the requirement, the period is the brand's own again.
    await platform({ requireTwoFactor: true, enrolmentDays: 14, enforceFrom: '2027-06-01' }, ['requireTwoFactor']);
    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { enrolmentDays: 30 } });
    expect((await getEffectivePolicy({ brandId: brand.id })).settings.enrolmentDays).toBe(30);
    await platform({});
  });

  it('holds the platform’s "Require two-factor authentication" at sign-in: a brand’s stale "off" does not skip enrolment', async () => {
    const brand = await createTestBrand({ requireTwoFactor: false });
    await platform({ requireTwoFactor: true });
    const user = await createTestUser({ domain: brand.domain });
    const result = await signInWithPassword({ email: user.email, password: user.password, request: { ip: '10.77.0.1', userAgent: 'vitest' } });
    expect(result.next).toBe('enrol');
    await platform({});
  });
});

describe('"Brands may loosen this" on the platform', () => {
  it('is off for every switch by default, and a change of it is audited with before and after', async () => {
    expect((await getEffectivePolicy('platform')).brandsMayLoosen).toEqual([]);
    await platform({}, ['offerNeverChallenge', 'allowAppPasswords']);
    expect((await getEffectivePolicy('platform')).brandsMayLoosen).toEqual(['allowAppPasswords', 'offerNeverChallenge']);
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'policy.changed' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(row.detail).toMatchObject({
      changed: { brandsMayLoosen: ['allowAppPasswords', 'offerNeverChallenge'] },
      brandsMayLoosenBefore: [],
      brandsMayLoosenAfter: ['allowAppPasswords', 'offerNeverChallenge'],
    });
    // Left out, it stays as it is.
    await updatePlatformSettings({ actor: TEST_CONSOLE, changes: { voiceAvailable: false } });
    expect((await getEffectivePolicy('platform')).brandsMayLoosen).toEqual(['allowAppPasswords', 'offerNeverChallenge']);
    await expectAppError(updatePlatformSettings({ actor: TEST_CONSOLE, changes: {}, brandsMayLoosen: ['smsAvailable' as FloorKey] }), 'INVALID_INPUT');
    await platform({});
  });
});

describe('a mail login', () => {
  it('follows the same floor: a brand’s "app passwords on" under a platform that has them off works only once brands may loosen it', async () => {
    // Set while the platform allowed app passwords too; then the platform turned them off.
    const brand = await createTestBrand({ allowAppPasswords: true });
    const user = await createTestUser({ domain: brand.domain });
    const { password } = await createTestAppPassword(user);
    await platform({ allowAppPasswords: false });
    expect(await mailLogin({ email: user.email, password })).toEqual({ result: 'refuse', reason: 'MAIL_APP_PASSWORDS_OFF' });

    await platform({ allowAppPasswords: false }, ['allowAppPasswords']);
    expect(await mailLogin({ email: user.email, password })).toMatchObject({ result: 'accept', via: 'app_password' });
    await platform({});
  });
});

describe('a challenge choice the brand or the platform withdraws', () => {
  it('falls back to "Always", never to a brand default of "Never", and the owner is e-mailed', async () => {
    await platform({}, ['offerNeverChallenge']);
    const brand = await createTestBrand({ offerNeverChallenge: true, defaultChallengePolicy: 'NEVER' });
    const user = await createTestUser({ withTotp: true, domain: brand.domain });
    const request = { ip: '10.66.1.2', userAgent: 'vitest' };
    await setChallengePolicy({ actor: await selfActorFor(user), userId: user.id, challengePolicy: 'NEW_IP' });
    const [first] = user.backupCodes;
    await completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code: backupCode(first ?? ''), request });
    expect((await signInWithPassword({ email: user.email, password: user.password, request })).next).toBe('signed-in');

    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { offerNewIpChallenge: false } });

    expect((await signInWithPassword({ email: user.email, password: user.password, request: { ...request, ip: '10.66.9.9' } })).next).toBe('second-factor');
    expect((await signInWithPassword({ email: user.email, password: user.password, request })).next).toBe('second-factor');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { challengePolicy: true } })).challengePolicy).toBe('ALWAYS');
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'challenge_policy.withdrawn' } })).toBe(1);
    const notice = await prisma.outboundMessage.findFirstOrThrow({ where: { to: user.email, subject: { contains: 'every sign-in' } } });
    expect(notice.body).toContain('Only from a new IP address');
    await platform({});
  });

  it('by the platform, reaches the mailboxes of every brand that followed it, and only those whose choice went', async () => {
    await platform({});
    const [follower, stricter] = [await createTestBrand(), await createTestBrand({ offerNewCountryChallenge: false })];
    const moved = await createTestUser({ withTotp: true, domain: follower.domain });
    const stays = await createTestUser({ withTotp: true, domain: follower.domain });
    await setChallengePolicy({ actor: await selfActorFor(moved), userId: moved.id, challengePolicy: 'NEW_COUNTRY' });
    await setChallengePolicy({ actor: await selfActorFor(stays), userId: stays.id, challengePolicy: 'NEW_IP' });
    const other = await createTestUser({ withTotp: true, domain: stricter.domain });

    await platform({ offerNewCountryChallenge: false });

    const policyOf = async (id: string) => (await prisma.user.findUniqueOrThrow({ where: { id }, select: { challengePolicy: true } })).challengePolicy;
    expect([await policyOf(moved.id), await policyOf(stays.id), await policyOf(other.id)]).toEqual(['ALWAYS', 'NEW_IP', 'ALWAYS']);
    expect(await prisma.outboundMessage.count({ where: { to: moved.email, subject: { contains: 'every sign-in' } } })).toBe(1);
    expect(await prisma.outboundMessage.count({ where: { to: { in: [stays.email, other.email] }, subject: { contains: 'every sign-in' } } })).toBe(0);
    await platform({});
  });
});
