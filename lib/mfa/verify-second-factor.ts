import { verify } from '@node-rs/argon2';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import type { TSecondFactorCode } from './code-schema';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { isAvailable } from '@/lib/policy/platform-policy';
import { spendOneTimeCode } from './one-time-codes/spend-one-time-code';
import { matchTotpStep } from './totp/totp-code';

export type SecondFactorMethod = 'totp' | 'backup_code' | 'sms' | 'voice' | 'email';

/**
 * The one place a second factor is checked: the token prompt, re-authentication and disabling
 * MFA all come through here. The code is spent and `onVerified` runs in the same transaction, so
 * a code is never used up by a change that then fails, and a change never happens on a code that
 * was not spent. Each method has its own failure throttle per account.
 */
export async function verifySecondFactor<T>({
  userId,
  code,
  pendingLoginId = null,
  request,
  failureEvent,
  onVerified,
}: {
  userId: string;
  code: TSecondFactorCode;
  /** Codes sent by text, call or e-mail are bound to the sign-in that asked for them. */
  pendingLoginId?: string | null;
  request: RequestContext;
  failureEvent: AuditEventType;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  // A method the platform switched off is not a way in, even for accounts that still hold it.
  if (code.kind === 'totp' && !isAvailable(await getPlatformPolicy(), 'totp')) throw new AppError('METHOD_NOT_AVAILABLE');
  const keys = { account: `${code.kind}:${userId}`, ip: `second-factor:${request.ip}` };
  await beginAttempt(keys);
  try {
    const result =
      code.kind === 'totp'
        ? await spendTotpCode({ userId, code: code.value, request, onVerified })
        : code.kind === 'backup_code'
          ? await spendBackupCode({ userId, code: code.value, request, onVerified })
          : await spendMessageCode({ userId, code: code.value, pendingLoginId, onVerified });
    await recordSuccess(keys);
    return result;
  } catch (error) {
    if (isAppError(error) && (error.code === 'INVALID_CODE' || error.code === 'CODE_ALREADY_USED' || error.code === 'CODE_EXPIRED')) {
      await recordFailure(keys);
      await prisma.$transaction((tx) =>
        recordAuditEvent(tx, {
          type: failureEvent,
          userId,
          request,
          detail: { method: code.kind, reason: error.code === 'CODE_ALREADY_USED' ? 'reused' : 'invalid' },
        }),
      );
    }
    throw error;
  }
}

async function spendTotpCode<T>({
  userId,
  code,
  request,
  onVerified,
}: {
  userId: string;
  code: string;
  request: RequestContext;
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
    await prisma.$transaction((tx) => recordAuditEvent(tx, { type: 'totp.code_reused', userId, request, detail: { step } }));
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
  userId,
  code,
  request,
  onVerified,
}: {
  userId: string;
  code: string;
  request: RequestContext;
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
    await recordAuditEvent(tx, { type: 'backup_code.used', userId, request });
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
  if (!pendingLoginId) throw new AppError('INVALID_CODE');
  return spendOneTimeCode({
    scope: { purpose: 'SIGN_IN', userId, pendingLoginId },
    code,
    onVerified: (tx, spent) => onVerified(tx, spent.channel === 'SMS' ? 'sms' : spent.channel === 'VOICE' ? 'voice' : 'email'),
  });
}
