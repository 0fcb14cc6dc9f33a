import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { prisma } from '@/lib/db/prisma';
import { isAppError } from '@/lib/errors/app-error';
import { countUnusedBackupCodes } from '@/lib/mfa/backup-codes/count-unused-backup-codes';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { backupCode, STEP_MS, stepsFromNow, totpCode } from '@/tests/support/codes';
import { startSignIn } from '@/tests/support/sign-in';
import { createMfaUser, lastUsedStep, testRequest } from '@/tests/support/users';

/**
 * The server reads its own clock a moment after the test computes a code. Near the end of a
 * step that moment can fall in the next step and shift the window by one, so wait it out.
 */
async function awayFromStepEdge(): Promise<void> {
  const msIntoStep = Date.now() % STEP_MS;
  if (msIntoStep > STEP_MS - 5_000) await new Promise((resolve) => setTimeout(resolve, STEP_MS - msIntoStep + 250));
}

function countAuditEvents(userId: string, type: string): Promise<number> {
  return prisma.auditEvent.count({ where: { userId, type } });
}

function countSessions(userId: string): Promise<number> {
  return prisma.session.count({ where: { userId } });
}

/** The AppError code of a refusal, 'NOT_AN_APP_ERROR' for any other failure, null for a success. */
function errorCodeOf(outcome: PromiseSettledResult<unknown>): string | null {
  if (outcome.status === 'fulfilled') return null;
  return isAppError(outcome.reason) ? outcome.reason.code : 'NOT_AN_APP_ERROR';
}

describe('an authenticator-app code', () => {
  it('is accepted once and refused the second time, logged as reused and counted as a failure', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const code = totpCode(user.totpSecret);

    await completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code, request });
    expect(await countFailures(`totp:${user.id}`)).toBe(0);

    const secondToken = (await startSignIn(user, request)).token;
    await expect(completeSignIn({ pendingLoginToken: secondToken, code, request })).rejects.toMatchObject({
      code: 'CODE_ALREADY_USED',
    });

    expect(await countAuditEvents(user.id, 'totp.code_reused')).toBe(1);
    expect(await countFailures(`totp:${user.id}`)).toBe(1);
    const failure = await prisma.auditEvent.findFirstOrThrow({
      where: { userId: user.id, type: 'sign_in.second_factor_failed' },
      select: { detail: true },
    });
    expect(failure.detail).toMatchObject({ method: 'totp', reason: 'reused' });
    expect(await countSessions(user.id)).toBe(1);
  });

  it.each([2, 5])('used by %i parallel sign-ins of the same account signs in exactly once', async (parallel) => {
    const user = await createMfaUser();
    const request = testRequest();
    const tokens: string[] = [];
    for (let i = 0; i < parallel; i++) tokens.push((await startSignIn(user, request)).token);
    const code = totpCode(user.totpSecret);

    const outcomes = await Promise.allSettled(tokens.map((pendingLoginToken) => completeSignIn({ pendingLoginToken, code, request })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.map(errorCodeOf).filter(Boolean)).toEqual(Array(parallel - 1).fill('CODE_ALREADY_USED'));
    expect(await countSessions(user.id)).toBe(1);
    expect(await countAuditEvents(user.id, 'totp.code_reused')).toBe(parallel - 1);
  });

  it('from the previous 30-second step is accepted', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;
    await awayFromStepEdge();
    const code = totpCode(user.totpSecret, stepsFromNow(-1));

    await expect(completeSignIn({ pendingLoginToken: token, code, request })).resolves.toMatchObject({ userId: user.id });
  });

  it('from the next 30-second step is accepted', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;
    await awayFromStepEdge();
    const code = totpCode(user.totpSecret, stepsFromNow(1));

    await expect(completeSignIn({ pendingLoginToken: token, code, request })).resolves.toMatchObject({ userId: user.id });
  });

  it('from two steps before or two steps after is refused', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const token = (await startSignIn(user, request)).token;
    await awayFromStepEdge();
    const tooOld = totpCode(user.totpSecret, stepsFromNow(-2));
    const tooNew = totpCode(user.totpSecret, stepsFromNow(2));

    await expect(completeSignIn({ pendingLoginToken: token, code: tooOld, request })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(completeSignIn({ pendingLoginToken: token, code: tooNew, request })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await lastUsedStep(user.id)).toBe(0);
    expect(await countSessions(user.id)).toBe(0);
  });

  it('after a code from the next step, the current code is refused as already used', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    await awayFromStepEdge();
    const now = Date.now();
    await completeSignIn({
      pendingLoginToken: (await startSignIn(user, request)).token,
      code: totpCode(user.totpSecret, new Date(now + STEP_MS)),
      request,
    });

    const token = (await startSignIn(user, request)).token;
    await expect(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret, new Date(now)), request })).rejects.toMatchObject({
      code: 'CODE_ALREADY_USED',
    });
  });
});

describe('a backup code', () => {
  it('signs in once, is marked used, and is refused the second time', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const code = backupCode(user.firstBackupCode);

    await completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code, request });
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    expect(await countUnusedBackupCodes({ userId: user.id })).toBe(user.backupCodes.length - 1);
    expect(await countAuditEvents(user.id, 'backup_code.used')).toBe(1);

    const secondToken = (await startSignIn(user, request)).token;
    await expect(completeSignIn({ pendingLoginToken: secondToken, code, request })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await countSessions(user.id)).toBe(1);
    expect(await countFailures(`backup_code:${user.id}`)).toBe(1);
  });

  it.each([2, 5])('used by %i parallel sign-ins of the same account signs in exactly once', async (parallel) => {
    const user = await createMfaUser();
    const request = testRequest();
    const tokens: string[] = [];
    for (let i = 0; i < parallel; i++) tokens.push((await startSignIn(user, request)).token);
    const code = backupCode(user.firstBackupCode);

    const outcomes = await Promise.allSettled(tokens.map((pendingLoginToken) => completeSignIn({ pendingLoginToken, code, request })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    // Which refusal a loser sees depends on whether it read the codes before or after the
    // winner committed; either way it is refused.
    for (const code of outcomes.map(errorCodeOf).filter(Boolean)) expect(['CODE_ALREADY_USED', 'INVALID_CODE']).toContain(code);
    expect(await countSessions(user.id)).toBe(1);
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    expect(await countAuditEvents(user.id, 'backup_code.used')).toBe(1);
  });

  it('is accepted however it is typed: capitals, spaces or no dashes', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const typed = user.firstBackupCode.toUpperCase().replace(/-/g, ' ');

    await expect(
      completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code: backupCode(typed), request }),
    ).resolves.toMatchObject({ userId: user.id });
  });

  it('of one account does not sign in another account', async () => {
    const owner = await createMfaUser();
    const other = await createMfaUser();
    const request = testRequest();

    await expect(
      completeSignIn({
        pendingLoginToken: (await startSignIn(other, request)).token,
        code: backupCode(owner.firstBackupCode),
        request,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await countUnusedBackupCodes({ userId: owner.id })).toBe(owner.backupCodes.length);
    expect(await countSessions(other.id)).toBe(0);
  });
});
