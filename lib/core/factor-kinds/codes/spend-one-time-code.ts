import type { Channel } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { scopeWhere, type CodeScope } from './code-scope';
import { isSameCode, MAX_ATTEMPTS_PER_CODE } from './one-time-code';
import { releaseResendSlot } from './resend-wait';

export type SpentCode = { id: string; channel: Channel; destination: string; countryCode: string | null };

/**
 * Checks `code` against the live code of `scope` (the newest one; a resend supersedes the rest)
 * and spends it in the same transaction as `onVerified`. Each code allows a few wrong tries.
 */
export async function spendOneTimeCode<T>({
  scope,
  code,
  onVerified,
}: {
  scope: CodeScope;
  code: string;
  onVerified: (tx: Tx, spent: SpentCode) => Promise<T>;
}): Promise<T> {
  const row = await prisma.oneTimeCode.findFirst({
    where: { ...scopeWhere(scope), consumedAt: null, supersededAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, codeHash: true, expiresAt: true, failedAttempts: true, channel: true, destination: true, countryCode: true },
  });
  if (!row) throw new AppError('SENT_CODE_NOT_FOUND');
  if (row.expiresAt <= new Date()) throw new AppError('CODE_EXPIRED');
  if (row.failedAttempts >= MAX_ATTEMPTS_PER_CODE) {
    throw new AppError('SENT_CODE_TRIES_USED');
  }
  if (!isSameCode({ id: row.id, code, codeHash: row.codeHash })) {
    await prisma.oneTimeCode.update({ where: { id: row.id }, data: { failedAttempts: { increment: 1 } } });
    throw new AppError('INVALID_CODE');
  }
  const result = await prisma.$transaction(async (tx) => {
    // Spent with a conditional update: of two parallel requests with one code, one gets count 0.
    const { count } = await tx.oneTimeCode.updateMany({
      where: { id: row.id, consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
      data: { consumedAt: new Date(), sealedCode: null },
    });
    if (count !== 1) throw new AppError('SENT_CODE_ALREADY_USED');
    return onVerified(tx, { id: row.id, channel: row.channel, destination: row.destination, countryCode: row.countryCode });
  });
  // The code did its job: the wait before another to the same destination ends with it. Failing
  // to end it only leaves a short wait, never a reason to report the committed change as failed.
  await releaseResendSlot(scope, row.destination).catch((error: unknown) => console.error('Could not end a resend wait', error));
  return result;
}
