import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { APP_ERRORS, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import {
  countFailures,
  FAILURES_BEFORE_WAITING,
  MAX_CONSECUTIVE_FAILURES,
  waitAfterFailures,
} from '@/lib/rate-limit/failure-throttle';
import { backupCode, totpCode, wrongTotpCode } from '@/tests/support/codes';
import { refusalOf } from '@/tests/support/errors';
import { blockAddressForPasswords, endWait, preloadFailures, passwordKey } from '@/tests/support/limits';
import { startSignIn } from '@/tests/support/sign-in';
import { createMfaUser, createTestUser, currentSessionFor, selfActorFor, testRequest } from '@/tests/support/users';
import { expectAppError } from '@/tests/support/errors';
import { consoleActor } from '@/lib/core/console-actor';
import { staffActor } from '@/lib/core/staff-actor';
import { SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { enrolThrottle, passwordThrottle, verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';

const WRONG_PASSWORD = 'not the password at all';


async function failPassword(email: string, request: RequestContext = testRequest()): Promise<void> {
  await expect(signInWithPassword({ email, password: WRONG_PASSWORD, request })).rejects.toMatchObject({
    code: 'INVALID_CREDENTIALS',
  });
}




describe('password attempts', () => {
  it('after five wrong passwords, the next attempt must wait, even with the right password', async () => {
    const user = await createTestUser();
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(user.email);

    const error = await refusalOf(signInWithPassword({ email: user.email, password: user.password, request: testRequest() }));
    expect(error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(waitAfterFailures(FAILURES_BEFORE_WAITING));
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // A refused attempt is not checked, so it is not another failure either.
    expect(await countFailures(passwordKey(user.email))).toBe(FAILURES_BEFORE_WAITING);
  });

  it('fewer than five wrong passwords cause no wait', async () => {
    const user = await createTestUser();
    for (let i = 0; i < FAILURES_BEFORE_WAITING - 1; i++) await failPassword(user.email);

    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({
      next: 'signed-in',
    });
  });

  it('the wait grows with each further failure, and waiting it out does not clear the count', async () => {
    const user = await createTestUser();
    const account = passwordKey(user.email);
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(user.email);

    const waits: number[] = [];
    for (let failures = FAILURES_BEFORE_WAITING; failures < FAILURES_BEFORE_WAITING + 4; failures++) {
      const error = await refusalOf(signInWithPassword({ email: user.email, password: WRONG_PASSWORD, request: testRequest() }));
      expect(error.code).toBe('TOO_MANY_ATTEMPTS');
      waits.push(error.retryAfterSeconds ?? 0);
      await endWait(account);
      expect(await countFailures(account)).toBe(failures);
      await failPassword(user.email);
    }

    // retryAfterSeconds rounds up what is left of the wait, so it may read a second short.
    const shortfalls = waits.map((wait, i) => waitAfterFailures(FAILURES_BEFORE_WAITING + i) - wait);
    expect(waits.map((_, i) => waitAfterFailures(FAILURES_BEFORE_WAITING + i))).toEqual([2, 4, 8, 16]);
    for (const shortfall of shortfalls) expect([0, 1]).toContain(shortfall);
  });

  it('rotating the IP address does not reset the count for the account', async () => {
    const user = await createTestUser();
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(user.email, testRequest());

    expect(await countFailures(passwordKey(user.email))).toBe(FAILURES_BEFORE_WAITING);
    await expect(
      signInWithPassword({ email: user.email, password: user.password, request: testRequest() }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('a success clears the count and the wait', async () => {
    const user = await createTestUser();
    const account = passwordKey(user.email);
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(user.email);
    await endWait(account);

    await signInWithPassword({ email: user.email, password: user.password, request: testRequest() });

    expect(await countFailures(account)).toBe(0);
    expect(await prisma.rateLimit.count({ where: { key: { in: [`fail:${account}`, `wait:${account}`] } } })).toBe(0);
    // The next failure starts again from one: no wait.
    await failPassword(user.email);
    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({
      next: 'signed-in',
    });
  });

  it('after 100 consecutive failures the password is locked at once, even for the right password', async () => {
    const user = await createTestUser();
    const account = passwordKey(user.email);
    await preloadFailures(account, MAX_CONSECUTIVE_FAILURES - 1);
    await failPassword(user.email);
    expect(await countFailures(account)).toBe(MAX_CONSECUTIVE_FAILURES);

    // Locked, not "wait and try again": no wait would ever end in another check.
    await expect(
      signInWithPassword({ email: user.email, password: user.password, request: testRequest() }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await endWait(account);
    await expect(
      signInWithPassword({ email: user.email, password: user.password, request: testRequest() }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await countFailures(account)).toBeGreaterThanOrEqual(MAX_CONSECUTIVE_FAILURES);
  });

  it('parallel wrong passwords cannot push the checks past the cap of 100', async () => {
    const user = await createTestUser();
    const account = passwordKey(user.email);
    const headroom = 3;
    await preloadFailures(account, MAX_CONSECUTIVE_FAILURES - headroom);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => signInWithPassword({ email: user.email, password: WRONG_PASSWORD, request: testRequest() })),
    );

    const codes = outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return 'ACCEPTED';
      return isAppError(outcome.reason) ? outcome.reason.code : 'NOT_AN_APP_ERROR';
    });
    const checked = await prisma.auditEvent.count({ where: { userId: user.id, type: 'sign_in.failed' } });
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(headroom);
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(checked);
    expect(codes.filter((code) => code !== 'INVALID_CREDENTIALS').every((code) => code === 'ACCOUNT_LOCKED' || code === 'TOO_MANY_ATTEMPTS')).toBe(true);
  });

  it('an unknown address and a wrong password get the same error, code and message', async () => {
    const user = await createTestUser();
    const unknownEmail = `nobody-${randomUUID()}@example.test`;

    const wrongPassword = await refusalOf(signInWithPassword({ email: user.email, password: WRONG_PASSWORD, request: testRequest() }));
    const unknownAccount = await refusalOf(signInWithPassword({ email: unknownEmail, password: WRONG_PASSWORD, request: testRequest() }));

    expect(wrongPassword.code).toBe('INVALID_CREDENTIALS');
    expect({ code: unknownAccount.code, message: unknownAccount.message, status: unknownAccount.status }).toEqual({
      code: wrongPassword.code,
      message: wrongPassword.message,
      status: wrongPassword.status,
    });
    expect(unknownAccount.userMessage).toBe(APP_ERRORS.INVALID_CREDENTIALS.message);
  });

  it('an unknown address is throttled exactly like a real account', async () => {
    const unknownEmail = `nobody-${randomUUID()}@example.test`;
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(unknownEmail);

    const error = await refusalOf(signInWithPassword({ email: unknownEmail, password: WRONG_PASSWORD, request: testRequest() }));
    expect(error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(waitAfterFailures(FAILURES_BEFORE_WAITING));
  });

  it('one address failing across many accounts is held back, while other addresses are not', async () => {
    const user = await createTestUser();
    const sprayer = testRequest();
    await blockAddressForPasswords(sprayer);

    await expect(signInWithPassword({ email: user.email, password: user.password, request: sprayer })).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
    });
    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({
      next: 'signed-in',
    });
  });
});

describe('second-factor attempts', () => {
  it('a new sign-in with the password does not reset the authenticator-app failure count', async () => {
    const user = await createMfaUser();
    const account = `totp:${user.id}`;

    const firstToken = (await startSignIn(user, testRequest())).token;
    for (let i = 0; i < 3; i++) {
      await expect(
        completeSignIn({ pendingLoginToken: firstToken, code: wrongTotpCode(user.totpSecret), request: testRequest() }),
      ).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    expect(await countFailures(account)).toBe(3);

    const secondToken = (await startSignIn(user, testRequest())).token;
    expect(await countFailures(account)).toBe(3);
    for (let i = 3; i < FAILURES_BEFORE_WAITING; i++) {
      await expect(
        completeSignIn({ pendingLoginToken: secondToken, code: wrongTotpCode(user.totpSecret), request: testRequest() }),
      ).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    expect(await countFailures(account)).toBe(FAILURES_BEFORE_WAITING);

    const thirdToken = (await startSignIn(user, testRequest())).token;
    await expect(
      completeSignIn({ pendingLoginToken: thirdToken, code: totpCode(user.totpSecret), request: testRequest() }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('a right code clears the authenticator-app failure count', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;
    for (let i = 0; i < 3; i++) {
      await expect(
        completeSignIn({ pendingLoginToken: token, code: wrongTotpCode(user.totpSecret), request }),
      ).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }

    await completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request });

    expect(await countFailures(`totp:${user.id}`)).toBe(0);
  });

  it('each method keeps its own count: a wrong backup code does not count against the app', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;

    await expect(
      completeSignIn({ pendingLoginToken: token, code: backupCode('0000-0000-0000-0000'), request }),
    ).rejects.toMatchObject({ code: 'INVALID_CODE' });

    expect(await countFailures(`backup_code:${user.id}`)).toBe(1);
    expect(await countFailures(`totp:${user.id}`)).toBe(0);
  });

  it('after 100 consecutive failures the authenticator app is locked, and a backup code still signs in', async () => {
    const user = await createMfaUser();
    await preloadFailures(`totp:${user.id}`, MAX_CONSECUTIVE_FAILURES);
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;

    await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const credential = await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { lastUsedStep: true } });
    expect(credential.lastUsedStep).toBe(0);

    await expect(
      completeSignIn({ pendingLoginToken: token, code: backupCode(user.firstBackupCode), request }),
    ).resolves.toMatchObject({ userId: user.id });
  });
});

describe('waits under parallel requests', () => {
  it('a burst of guesses after five failures gets one check, not one each', async () => {
    const user = await createTestUser();
    const account = passwordKey(user.email);
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) await failPassword(user.email);
    await endWait(account);
    const burst = await Promise.allSettled(
      Array.from({ length: 10 }, () => signInWithPassword({ email: user.email, password: WRONG_PASSWORD, request: testRequest() })),
    );
    const codes = burst.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as { code?: string }).code : 'OK'));
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(1);
    expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(9);
    expect(await countFailures(account)).toBe(FAILURES_BEFORE_WAITING + 1);
  });
});

describe('unlocking', () => {
  it('support clears a locked password and second factor, audited and e-mailed; the user can sign in again', async () => {
    const user = await createTestUser({ withTotp: true });
    await preloadFailures(passwordThrottle({ email: user.email, ip: '' }).account, MAX_CONSECUTIVE_FAILURES);
    await preloadFailures(verifyThrottle({ kind: 'totp', userId: user.id, ip: '' }).account, MAX_CONSECUTIVE_FAILURES);
    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });

    await unlockSignIn({ actor: consoleActor('vitest-operator'), userId: user.id, reason: 'Locked out after a forgotten password; identity checked' });

    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({
      next: 'second-factor',
    });
    const rows = await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'sign_in.unlocked' }, select: { actorKind: true, operator: true } });
    expect(rows).toEqual([{ actorKind: 'CONSOLE', operator: 'vitest-operator' }]);
    expect(await prisma.outboundMessage.count({ where: { to: user.email, subject: { contains: 'unlocked' } } })).toBe(1);
  });

  it('clears every lock that tells the user to contact support: every kind of code, and adding an app or a phone', async () => {
    const user = await createTestUser();
    const locks = [
      passwordThrottle({ email: user.email, ip: '' }).account,
      ...SECOND_FACTOR_KINDS.flatMap((kind) => [
        verifyThrottle({ kind: kind.check, userId: user.id, ip: '' }).account,
        ...(kind.enrolThrottle ? [enrolThrottle({ kind: kind.enrolThrottle, userId: user.id, ip: '' }).account] : []),
      ]),
    ];
    for (const lock of new Set(locks)) await preloadFailures(lock, MAX_CONSECUTIVE_FAILURES);
    // Locked: the wizard's first code and a new phone's code are refused before they are checked.
    const actor = await selfActorFor(user);
    await startTotpEnrolment({ actor, userId: user.id });
    await expectAppError(enableTotp({ actor, userId: user.id, code: '000000' }), 'ACCOUNT_LOCKED');
    await expectAppError(confirmPhone({ actor, userId: user.id, code: '000000' }), 'ACCOUNT_LOCKED');

    await unlockSignIn({ actor: await supportActor(), userId: user.id, reason: 'Ticket 1042: locked out' });

    for (const lock of new Set(locks)) expect(await countFailures(lock)).toBe(0);
    await expectAppError(enableTotp({ actor, userId: user.id, code: '000000' }), 'ENROLMENT_CODE_MISMATCH');
    const [row] = await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'sign_in.unlocked' }, select: { actorKind: true } });
    expect(row).toEqual({ actorKind: 'STAFF' });
  });

  it('commits the cleared locks with its audit row: a failed unlock leaves both untouched', async () => {
    const user = await createTestUser();
    const lock = passwordThrottle({ email: user.email, ip: '' }).account;
    await preloadFailures(lock, MAX_CONSECUTIVE_FAILURES);
    // A user may not unlock their own sign-in: support must.
    await expectAppError(unlockSignIn({ actor: await selfActorFor(user), userId: user.id }), 'FORBIDDEN');
    expect(await countFailures(lock)).toBe(MAX_CONSECUTIVE_FAILURES);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'sign_in.unlocked' } })).toBe(0);
  });
});

describe('throttle keys', () => {
  it('hold no e-mail address or phone number, only account ids and keyed hashes', async () => {
    const user = await createTestUser();
    const request = testRequest();
    await expect(signInWithPassword({ email: user.email, password: 'not the password', request })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(signInWithPassword({ email: 'nobody-here@example.test', password: 'not the password', request })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    const keys = (await prisma.rateLimit.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => key.includes('@'))).toEqual([]);
    expect(await countFailures(passwordThrottle({ email: user.email, ip: request.ip }).account)).toBe(1);
  });
});

async function supportActor() {
  const staff = await createTestUser({ withTotp: true, role: 'SUPPORT' });
  return staffActor(await currentSessionFor(staff, { secondFactorAt: new Date() }), testRequest());
}
