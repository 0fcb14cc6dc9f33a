import { verify } from '@node-rs/argon2';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma, type Tx } from '@/lib/db/prisma';
import type { Actor } from '@/lib/access/actor';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import type { TSecondFactorCode } from './code-schema';
import { methodOfChannel, type SecondFactorMethod } from '@/lib/core/factor-kinds';
import { spendOneTimeCode } from './one-time-codes/spend-one-time-code';
import { matchTotpStep } from './totp/totp-code';

/**
 * The one place a second factor is checked: the token prompt, re-authentication and disabling
 * MFA all come through here. The code is spent and `onVerified` runs in the same transaction, so
 * a code is never used up by a change that then fails, and a change never happens on a code that
 * was not spent. Each method has its own failure throttle per account.
 */
export async function verifySecondFactor<T>({
  actor,
  userId,
  code,
  pendingLoginId = null,
  failureEvent,
  onVerified,
}: {
  /** Whoever typed the code: a visitor at the token prompt, the owner re-authenticating. */
  actor: Actor;
  userId: string;
  code: TSecondFactorCode;
  /** Codes sent by text, call or e-mail are bound to the sign-in that asked for them. */
  pendingLoginId?: string | null;
  failureEvent: AuditEventType;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  // A method switched off is not a way in, even for accounts that still hold it.
  if (code.kind === 'totp' && !isAvailable((await getEffectivePolicy({ userId })).settings, 'totp')) {
    throw new AppError('METHOD_NOT_AVAILABLE');
  }
  const keys = verifyThrottle({ kind: code.kind, userId, ip: actor.request.ip });
  await beginAttempt(keys);
  try {
    const result =
      code.kind === 'totp'
        ? await spendTotpCode({ actor, userId, code: code.value, onVerified })
        : code.kind === 'backup_code'
          ? await spendBackupCode({ actor, userId, code: code.value, onVerified })
          : await spendMessageCode({ userId, code: code.value, pendingLoginId, onVerified });
    await recordSuccess(keys);
    return result;
  } catch (error) {
    if (isWrongCode(error)) {
      await recordFailure(keys);
      await recordAuditEvent(prisma, {
        type: failureEvent,
        actor,
        subjectId: userId,
        detail: { method: code.kind, reason: error.code === 'CODE_ALREADY_USED' || error.code === 'SENT_CODE_ALREADY_USED' ? 'reused' : 'invalid' },
      });
    }
    throw error;
  }
}

async function spendTotpCode<T>({
  actor,
  userId,
  code,
  onVerified,
}: {
  actor: Actor;
  userId: string;
  code: string;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  const credential = await prisma.totpCredential.findUnique({
    where: { userId },
    select: { encryptedSecret: true, confirmedAt: true, lastUsedStep: true },
  });
  if (!credential?.confirmedAt) throw new AppError('INVALID_CODE');
  const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: userId });
  const step = matchTotpStep({ secret, code, at: new Date() });
  if (step === null) throw new AppError('INVALID_CODE');

  const reused = async () => {
    await recordAuditEvent(prisma, { type: 'totp.code_reused', actor, subjectId: userId, detail: { step } });
    return new AppError('CODE_ALREADY_USED');
  };
  if (step <= credential.lastUsedStep) throw await reused();

  let isRace = false;
  try {
    return await prisma.$transaction(async (tx) => {
      // Each 30-second step is accepted once: claimed with a conditional update, so two parallel
      // requests with the same code cannot both pass (63B 5.1.4.2).
      const { count } = await tx.totpCredential.updateMany({
        where: { userId, confirmedAt: { not: null }, lastUsedStep: { lt: step } },
        data: { lastUsedStep: step },
      });
      if (count !== 1) {
        isRace = true;
        throw new AppError('CODE_ALREADY_USED');
      }
      return onVerified(tx, 'totp');
    });
  } catch (error) {
    if (isRace) throw await reused();
    throw error;
  }
}

async function spendBackupCode<T>({
  actor,
  userId,
  code,
  onVerified,
}: {
  actor: Actor;
  userId: string;
  code: string;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  const unused = await prisma.backupCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  const matches = await Promise.all(unused.map((row) => verify(row.codeHash, code).catch(() => false)));
  const match = unused.find((_, index) => matches[index]);
  if (!match) throw new AppError('INVALID_CODE');
  return prisma.$transaction(async (tx) => {
    // Spent with a conditional update: of two parallel requests with one code, one gets count 0.
    const { count } = await tx.backupCode.updateMany({ where: { id: match.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) throw new AppError('CODE_ALREADY_USED');
    await recordAuditEvent(tx, { type: 'backup_code.used', actor, subjectId: userId });
    return onVerified(tx, 'backup_code');
  });
}

async function spendMessageCode<T>({
  userId,
  code,
  pendingLoginId,
  onVerified,
}: {
  userId: string;
  code: string;
  pendingLoginId: string | null;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  if (!pendingLoginId) throw new AppError('SENT_CODE_NOT_FOUND');
  return spendOneTimeCode({
    scope: { purpose: 'SIGN_IN', userId, pendingLoginId },
    code,
    onVerified: (tx, spent) => onVerified(tx, methodOfChannel(spent.channel)),
  });
}
