import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { requireReason } from '@/lib/core/staff-reason';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { ledgerActor } from './ledger-actor';

/**
 * Platform support corrects a pool (a goodwill grant, a charge reversed outside Gatehouse), with a
 * written reason, from the support console's Organisations screen or the server's console. Staff
 * prove a second factor of their own from the last 10 minutes (or `code` now), like every staff
 * change (SECURITY.md, "Tenancy, roles and staff"). A negative change is conditional like a
 * debit: it never takes the balance below zero. The ADJUSTMENT row, the balance, the audit row and
 * the e-mail to the administrators commit together.
 */
export async function adjustCredits({
  actor,
  organisationId,
  credits,
  reason,
  code = null,
  expectedBrandId = null,
}: {
  actor: Actor;
  organisationId: string;
  credits: number;
  reason: string | null | undefined;
  /** The staff member's current code, when their last second factor is over 10 minutes old. */
  code?: TSecondFactorCode | null;
  /** The brand the page showed the organisation in: one that moved since is not touched. */
  expectedBrandId?: string | null;
}): Promise<{ balance: number }> {
  const subject = await authorize(actor, 'credits.adjust', { organisationId });
  if (subject !== 'platform' && expectedBrandId && subject.brandId !== expectedBrandId) throw new AppError('FORBIDDEN');
  if (!Number.isSafeInteger(credits) || credits === 0 || Math.abs(credits) > 1_000_000) throw new AppError('CREDIT_ADJUSTMENT_INVALID');
  const written = requireReason(actor, reason);
  if (!written) throw new AppError('REASON_REQUIRED');
  await reauthenticate({ actor, code });
  const { balance, messageIds } = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ balance: number }[]>`
      UPDATE "Organisation" SET "creditBalance" = "creditBalance" + ${credits}, "updatedAt" = now()
       WHERE "id" = ${organisationId}::uuid AND "creditBalance" + ${credits} >= 0
      RETURNING "creditBalance" AS "balance"`;
    const balance = rows[0]?.balance;
    if (balance === undefined) throw new AppError('CREDIT_ADJUSTMENT_OVERDRAWS');
    await tx.creditLedgerEntry.create({
      data: { organisationId, kind: 'ADJUSTMENT', credits, balanceAfter: balance, reason: written, ...ledgerActor(actor) },
    });
    const organisation = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true, brandId: true, members: { where: { role: 'ADMINISTRATOR' }, select: { user: { select: { email: true } } } } },
    });
    await recordAuditEvent(tx, {
      type: 'credits.adjusted',
      actor,
      subjectId: null,
      detail: { organisationId, brandId: organisation.brandId, credits, balance, reason: written },
    });
    // The administrators hear of every change of their pool they did not make themselves; the
    // reason stays in the audit log and the history, which they read.
    const subject = `Support adjusted the SMS credits of ${organisation.name}`;
    const body = [
      `Support ${credits > 0 ? `added ${credits}` : `took away ${-credits}`} SMS credits ${credits > 0 ? 'to' : 'from'} "${organisation.name}". The balance is now ${balance}.`,
      '',
      `The history says why: ${new URL('/org/history', getEnv().GATEHOUSE_URL).toString()}`,
      'If you did not expect this, contact your brand’s support.',
    ].join('\n');
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const messageIds: string[] = [];
    for (const { user } of organisation.members) messageIds.push(await queueEmail(tx, { brand, to: user.email, subject, body }));
    return { balance, messageIds };
  });
  await deliverMessages(messageIds);
  return { balance };
}
