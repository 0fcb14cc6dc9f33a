import { describe, expect, it } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { enrolAtSignIn } from '@/lib/sign-in/enrol-at-sign-in';
import { postponeEnrolment } from '@/lib/sign-in/postpone-enrolment';
import { openSignInAttempt, requireEnrollingAttempt, type EnrollingSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { prisma } from '@/lib/db/prisma';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { createTestBrand } from '@/tests/support/brands';
import { appCode, wrongAppCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { createTestUser, testRequest } from '@/tests/support/users';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The password step of `user`, which must end in a sign-in that can only enrol. */
async function enrollingSignIn(user: { email: string; password: string }): Promise<EnrollingSignInAttempt> {
  const request = testRequest();
  const result = await signInWithPassword({ email: user.email, password: user.password, request });
  expect(result.next).toBe('enrol');
  if (result.next !== 'enrol') throw new Error('expected the enrolment wizard');
  return requireEnrollingAttempt(await openSignInAttempt({ pendingLoginToken: result.pendingLogin.token, request }));
}

async function deadlineOf(userId: string): Promise<Date | null> {
  return (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { enrolmentDeadline: true } })).enrolmentDeadline;
}

describe('a brand that requires two-factor authentication', () => {
  it('sends a mailbox without a factor into enrolment at sign-in, with no session, and starts its period once', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 7 });
    const user = await createTestUser({ domain: brand.domain });
    const before = Date.now();
    await enrollingSignIn(user);
    const deadline = await deadlineOf(user.id);
    expect(deadline?.getTime()).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
    expect(deadline?.getTime()).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    // Signing in again, and a support unlock, never renew the period.
    await enrollingSignIn(user);
    await unlockSignIn({ actor: consoleActor('vitest-operator'), userId: user.id, reason: 'Locked out after a forgotten password; identity checked' });
    await updateBrandSettings({ actor: consoleActor('vitest-operator'), brandId: brand.id, changes: { enrolmentDays: 60 } });
    await enrollingSignIn(user);
    expect(await deadlineOf(user.id)).toEqual(deadline);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'enrolment.period_started' } })).toBe(1);
  });

  it('lets the pending login do nothing but enrol: no token prompt, no other change', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true });
    const user = await createTestUser({ domain: brand.domain });
    const { actor } = await enrollingSignIn(user);
    const request = testRequest();
    const signIn = await signInWithPassword({ email: user.email, password: user.password, request });
    if (signIn.next !== 'enrol') throw new Error('expected the enrolment wizard');
    await expectAppError(completeSignIn({ pendingLoginToken: signIn.pendingLogin.token, code: { method: 'totp', response: '123456' }, request }), 'ENROLMENT_REQUIRED');
    await expectAppError(startPhoneVerification({ actor, userId: user.id, number: '+15055550199', country: 'US', channel: 'SMS' }), 'FORBIDDEN');
    const other = await createTestUser({ domain: brand.domain });
    await expectAppError(startTotpEnrolment({ actor, userId: other.id }), 'FORBIDDEN');
  });

  it('gives a full session once an authenticator app is confirmed, using up the pending login', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true });
    const user = await createTestUser({ domain: brand.domain });
    const attempt = await enrollingSignIn(user);
    await startTotpEnrolment({ actor: attempt.actor, userId: user.id });
    const sealed = await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { encryptedSecret: true } });
    const secret = decryptSecret({ sealed: sealed.encryptedSecret, boundTo: user.id });
    const { backupCodes, session } = await enrolAtSignIn({ attempt, code: appCode(secret) });
    expect(backupCodes).toHaveLength(10);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { userId: true, secondFactorAt: true } });
    expect(row.userId).toBe(user.id);
    expect(row.secondFactorAt).not.toBeNull();
    expect((await prisma.pendingLogin.findUniqueOrThrow({ where: { id: attempt.pendingLogin.id }, select: { consumedAt: true } })).consumedAt).not.toBeNull();
    // The same pending login cannot be used again, for a second session or "Set up later".
    await expectAppError(postponeEnrolment({ attempt }), 'LOGIN_EXPIRED');
  });

  it('finishes the sign-in only as its own step: enabling the app alone opens no session, and a wrong code spends none of its tries', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true });
    const user = await createTestUser({ domain: brand.domain });
    const attempt = await enrollingSignIn(user);
    await startTotpEnrolment({ actor: attempt.actor, userId: user.id });
    const sealed = await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { encryptedSecret: true } });
    const secret = decryptSecret({ sealed: sealed.encryptedSecret, boundTo: user.id });
    const pendingLoginOf = () => prisma.pendingLogin.findUniqueOrThrow({ where: { id: attempt.pendingLogin.id }, select: { consumedAt: true, failedAttempts: true } });

    // The wizard's mistakes are counted by its own throttle, not by the sign-in's tries.
    await expectAppError(enrolAtSignIn({ attempt, code: wrongAppCode(secret) }), 'ENROLMENT_CODE_MISMATCH');
    expect(await pendingLoginOf()).toEqual({ consumedAt: null, failedAttempts: 0 });

    // Enabling the authenticator is not signing in: the sign-in stays open and no session exists.
    await enableTotp({ actor: attempt.actor, userId: user.id, code: appCode(secret) });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await pendingLoginOf()).consumedAt).toBeNull();
  });

  it('allows "Set up later" during the period, once per sign-in, and never after it', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 14 });
    const user = await createTestUser({ domain: brand.domain });
    const session = await postponeEnrolment({ attempt: await enrollingSignIn(user) });
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { secondFactorAt: true } })).secondFactorAt).toBeNull();

    await prisma.user.update({ where: { id: user.id }, data: { enrolmentDeadline: new Date(Date.now() - 1000) } });
    const late = await enrollingSignIn(user);
    await expectAppError(postponeEnrolment({ attempt: late }), 'ENROLMENT_OVERDUE');
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('does not apply before its start date, nor to an account that already has a factor, nor in another brand', async () => {
    const later = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
    const upcoming = await createTestBrand({ requireTwoFactor: true, enforceFrom: later });
    const notYet = await createTestUser({ domain: upcoming.domain });
    expect((await signInWithPassword({ email: notYet.email, password: notYet.password, request: testRequest() })).next).toBe('signed-in');
    expect(await deadlineOf(notYet.id)).toBeNull();

    const strict = await createTestBrand({ requireTwoFactor: true });
    const enrolled = await createTestUser({ withTotp: true, domain: strict.domain });
    expect((await signInWithPassword({ email: enrolled.email, password: enrolled.password, request: testRequest() })).next).toBe('second-factor');

    const relaxed = await createTestBrand();
    const free = await createTestUser({ domain: relaxed.domain });
    expect((await signInWithPassword({ email: free.email, password: free.password, request: testRequest() })).next).toBe('signed-in');
  });
});
