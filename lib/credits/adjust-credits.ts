import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { requireReason } from '@/lib/core/staff-reason';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { ledgerActor } from './ledger-actor';

/**
 * Platform support corrects a pool (a goodwill grant, a charge reversed outside Gatehouse), with a
 * written reason. A negative change is conditional like a debit: it never takes the balance below
 * zero. The ADJUSTMENT row, the balance and the audit row commit together.
 */
export async function adjustCredits({
  actor,
  organisationId,
  credits,
  reason,
}: {
  actor: Actor;
  organisationId: string;
  credits: number;
  reason: string | null | undefined;
}): Promise<{ balance: number }> {
  await authorize(actor, 'credits.adjust', { organisationId });
  if (!Number.isSafeInteger(credits) || credits === 0 || Math.abs(credits) > 1_000_000) throw new AppError('CREDIT_ADJUSTMENT_INVALID');
  const written = requireReason(actor, reason);
  if (!written) throw new AppError('REASON_REQUIRED');
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ balance: number }[]>`
      UPDATE "Organisation" SET "creditBalance" = "creditBalance" + ${credits}, "updatedAt" = now()
       WHERE "id" = ${organisationId}::uuid AND "creditBalance" + ${credits} >= 0
      RETURNING "creditBalance" AS "balance"`;
    const balance = rows[0]?.balance;
    if (balance === undefined) throw new AppError('CREDIT_ADJUSTMENT_OVERDRAWS');
    await tx.creditLedgerEntry.create({
      data: { organisationId, kind: 'ADJUSTMENT', credits, balanceAfter: balance, reason: written, ...ledgerActor(actor) },
    });
    await recordAuditEvent(tx, { type: 'credits.adjusted', actor, subjectId: null, detail: { organisationId, credits, balance, reason: written } });
    return { balance };
  });
}
