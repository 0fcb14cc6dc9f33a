import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { MAX_CODE_ATTEMPTS_PER_LOGIN, PENDING_LOGIN_TTL_MS } from '@/lib/sign-in/pending-login';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { prisma } from '@/lib/db/prisma';
import { countUnusedBackupCodes } from '@/lib/mfa/backup-codes/count-unused-backup-codes';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { countFailures, FAILURES_BEFORE_WAITING } from '@/lib/rate-limit/failure-throttle';
import { appCode, backupCode, stepsFromNow, totpCode, wrongTotpCode } from '@/tests/support/codes';
import { startSignIn } from '@/tests/support/sign-in';
import { consoleActor } from '@/lib/core/console-actor';
import { createMfaUser, createTestUser, lastUsedStep, testRequest } from '@/tests/support/users';

const WRONG_BACKUP_CODE = backupCode('0000-0000-0000-0000');

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

describe('a pending login', () => {
  it('is stored under a hash of its token and lasts ten minutes', async () => {
    const user = await createMfaUser();
    const before = Date.now();
    const { token, expiresAt } = await startSignIn(user, testRequest());

    const row = await prisma.pendingLogin.findUniqueOrThrow({ where: { tokenHash: tokenHash(token) }, select: { expiresAt: true } });
    expect(await prisma.pendingLogin.count({ where: { tokenHash: token } })).toBe(0);
    expect(row.expiresAt).toEqual(expiresAt);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + PENDING_LOGIN_TTL_MS);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + PENDING_LOGIN_TTL_MS);
    expect(PENDING_LOGIN_TTL_MS).toBe(10 * 60 * 1000);
  });

  it('has expired after ten minutes: the right code is refused and not used up', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const { token } = await startSignIn(user, request);
    await prisma.pendingLogin.update({
      where: { tokenHash: tokenHash(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request })).rejects.toMatchObject({
      code: 'LOGIN_EXPIRED',
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await lastUsedStep(user.id)).toBe(0);
  });

  it('is consumed by a successful sign-in: the same token cannot sign in again', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const { token } = await startSignIn(user, request);
    await completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request });

    // A different, unspent code: the refusal is about the login, not the code.
    await expect(
      completeSignIn({ pendingLoginToken: token, code: backupCode(user.firstBackupCode), request }),
    ).rejects.toMatchObject({ code: 'LOGIN_EXPIRED' });
    expect(await countUnusedBackupCodes({ userId: user.id })).toBe(user.backupCodes.length);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    const row = await prisma.pendingLogin.findUniqueOrThrow({ where: { tokenHash: tokenHash(token) }, select: { consumedAt: true } });
    expect(row.consumedAt).not.toBeNull();
  });

  it('ends after five wrong codes of any kind, and then refuses even the right code', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const { token } = await startSignIn(user, request);
    const wrongCodes = [wrongTotpCode(user.totpSecret), WRONG_BACKUP_CODE, wrongTotpCode(user.totpSecret), WRONG_BACKUP_CODE];
    expect(wrongCodes).toHaveLength(MAX_CODE_ATTEMPTS_PER_LOGIN - 1);

    for (const code of wrongCodes) {
      await expect(completeSignIn({ pendingLoginToken: token, code, request })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    await expect(
      completeSignIn({ pendingLoginToken: token, code: wrongTotpCode(user.totpSecret), request }),
    ).rejects.toMatchObject({ code: 'LOGIN_ATTEMPTS_USED' });

    // Neither per-account throttle has reached its waits: the login ended on its own counter.
    expect(await countFailures(`totp:${user.id}`)).toBeLessThan(FAILURES_BEFORE_WAITING);
    expect(await countFailures(`backup_code:${user.id}`)).toBeLessThan(FAILURES_BEFORE_WAITING);
    await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request })).rejects.toMatchObject({
      code: 'LOGIN_EXPIRED',
    });
    await expect(
      completeSignIn({ pendingLoginToken: token, code: backupCode(user.firstBackupCode), request }),
    ).rejects.toMatchObject({ code: 'LOGIN_EXPIRED' });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await lastUsedStep(user.id)).toBe(0);
    expect(await countUnusedBackupCodes({ userId: user.id })).toBe(user.backupCodes.length);
  });

  it('checks at most five codes, even when many arrive at once', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const { token } = await startSignIn(user, request);
    const valid = new Set([-1, 0, 1, 2].map((step) => appCode(user.totpSecret, stepsFromNow(step))));
    const guesses = Array.from({ length: 100 }, (_, n) => String(100_000 + n))
      .filter((guess) => !valid.has(guess))
      .slice(0, 20);

    const outcomes = await Promise.allSettled(
      guesses.map((guess) => completeSignIn({ pendingLoginToken: token, code: ZSecondFactorCodeSchema.parse(guess), request })),
    );

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    const checked = await prisma.auditEvent.count({ where: { userId: user.id, type: 'sign_in.second_factor_failed' } });
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(MAX_CODE_ATTEMPTS_PER_LOGIN);
    await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request })).rejects.toMatchObject({
      code: 'LOGIN_EXPIRED',
    });
  });

  it('does not spend its attempts on codes the throttle refused unchecked', async () => {
    const user = await createMfaUser();
    await prisma.rateLimit.create({ data: { key: `fail:totp:${user.id}`, points: 100, expire: null } });
    const request = testRequest();
    const { token } = await startSignIn(user, request);

    for (let i = 0; i < MAX_CODE_ATTEMPTS_PER_LOGIN + 1; i++) {
      await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request })).rejects.toMatchObject({
        code: 'ACCOUNT_LOCKED',
      });
    }

    await expect(
      completeSignIn({ pendingLoginToken: token, code: backupCode(user.firstBackupCode), request }),
    ).resolves.toMatchObject({ userId: user.id });
  });

  it("of one account cannot be completed with another account's code", async () => {
    const alice = await createMfaUser();
    const bob = await createMfaUser();
    const request = testRequest();
    const { token: aliceToken } = await startSignIn(alice, request);
    const bobCode = totpCode(bob.totpSecret);

    await expect(completeSignIn({ pendingLoginToken: aliceToken, code: bobCode, request })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await prisma.session.count({ where: { userId: { in: [alice.id, bob.id] } } })).toBe(0);
    expect(await countFailures(`totp:${alice.id}`)).toBe(1);
    expect(await countFailures(`totp:${bob.id}`)).toBe(0);

    // Bob's code was never spent on Alice's attempt, so Bob can still use it.
    const { token: bobToken } = await startSignIn(bob, request);
    await expect(completeSignIn({ pendingLoginToken: bobToken, code: bobCode, request })).resolves.toMatchObject({ userId: bob.id });
  });

  it('cannot be completed twice by two parallel correct codes, and the losing code stays unspent', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const { token } = await startSignIn(user, request);

    const outcomes = await Promise.allSettled([
      completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request }),
      completeSignIn({ pendingLoginToken: token, code: backupCode(user.firstBackupCode), request }),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'LOGIN_EXPIRED' });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    const isTotpSpent = (await lastUsedStep(user.id)) > 0;
    const isBackupCodeSpent = (await countUnusedBackupCodes({ userId: user.id })) < user.backupCodes.length;
    expect([isTotpSpent, isBackupCodeSpent].filter(Boolean)).toHaveLength(1);
  });

  it('refuses a missing, unknown or oversized token as expired', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const code = totpCode(user.totpSecret);

    for (const pendingLoginToken of [null, '', 'not-a-real-token', 'x'.repeat(10_000)]) {
      await expect(completeSignIn({ pendingLoginToken, code, request })).rejects.toMatchObject({ code: 'LOGIN_EXPIRED' });
    }
    expect(await lastUsedStep(user.id)).toBe(0);
  });
});

describe('signing out everywhere', () => {
  it('revokes every session of the account and ends its sign-ins still waiting for a code', async () => {
    const user = await createMfaUser();
    const bystander = await createTestUser();
    const request = testRequest();
    await completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code: totpCode(user.totpSecret), request });
    await completeSignIn({
      pendingLoginToken: (await startSignIn(user, testRequest())).token,
      code: backupCode(user.firstBackupCode),
      request,
    });
    const waiting = await startSignIn(user, testRequest());
    await signInWithPassword({ email: bystander.email, password: bystander.password, request });

    const { revoked } = await signOutEverywhere({ actor: consoleActor('vitest-operator'), userId: user.id, reason: 'Phone stolen' });

    expect(revoked).toBe(2);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await prisma.pendingLogin.count({ where: { userId: user.id, consumedAt: null } })).toBe(0);
    await expect(
      completeSignIn({ pendingLoginToken: waiting.token, code: backupCode(user.secondBackupCode), request }),
    ).rejects.toMatchObject({ code: 'LOGIN_EXPIRED' });
    expect(await prisma.session.count({ where: { userId: bystander.id, revokedAt: null } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'session.signed_out_everywhere' } })).toBe(1);
  });
});
