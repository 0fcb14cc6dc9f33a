import { csvCell } from '@/lib/core/csv';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import type { ActorKind, Channel, CreditEntryKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import type { CreditPool } from './credit-pool';

export type CreditHistoryRow = {
  id: string;
  at: Date;
  kind: CreditEntryKind;
  /** The member whose text or call it was (debits, refunds). */
  member: string | null;
  channel: Channel | null;
  credits: number;
  balanceAfter: number;
  /** Who caused it, as the administrator may read it: a member's sign-in, an administrator, support. */
  by: string;
  reason: string | null;
};

const KIND_WORDS: Record<CreditEntryKind, string> = {
  PURCHASE: 'Purchase',
  DEBIT: 'Debit',
  REFUND: 'Refund',
  ADJUSTMENT: 'Adjustment',
  PAYMENT_REFUNDED: 'Payment refunded',
  PAYMENT_DISPUTED: 'Payment disputed',
};
export const creditKindWord = (kind: CreditEntryKind) => KIND_WORDS[kind];

function byWord(kind: ActorKind, email: string | null, operator: string | null): string {
  if (kind === 'STAFF') return 'Platform support';
  if (kind === 'CONSOLE') return `Console${operator ? ` (${operator})` : ''}`;
  if (kind === 'VISITOR') return 'Sign-in';
  return email ?? 'Administrator';
}

/**
 * Every row of a pool's ledger, newest first: an organisation's for its administrators and billing
 * contacts (and staff), a mailbox's own for the mailbox.
 */
export async function listCreditHistory({ actor, take, ...target }: CreditPool & { actor: Actor; take?: number }): Promise<CreditHistoryRow[]> {
  if ('organisationId' in target) await authorize(actor, 'credits.view', { organisationId: target.organisationId });
  else await authorize(actor, 'own_credits.view', { userId: target.poolUserId });
  const rows = await prisma.creditLedgerEntry.findMany({
    where: 'organisationId' in target ? { organisationId: target.organisationId } : { poolUserId: target.poolUserId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      createdAt: true,
      kind: true,
      credits: true,
      balanceAfter: true,
      channel: true,
      actorKind: true,
      actorId: true,
      operator: true,
      reason: true,
      member: { select: { email: true } },
    },
  });
  const actorIds = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => id !== null))];
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map((user) => [user.id, user.email]),
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt,
    kind: row.kind,
    member: row.member?.email ?? null,
    channel: row.channel,
    credits: row.credits,
    balanceAfter: row.balanceAfter,
    // A refund or dispute is Stripe's doing (lib/credits/reverse-credit-purchase.ts), no person's.
    by: row.kind === 'PAYMENT_REFUNDED' || row.kind === 'PAYMENT_DISPUTED' ? 'Stripe' : byWord(row.actorKind, row.actorId ? (actors.get(row.actorId) ?? null) : null, row.operator),
    reason: row.reason,
  }));
}

/** The history as CSV: date (UTC, ISO 8601), kind, member, channel, credits, balance after, by, reason. */
export function creditHistoryCsv(rows: CreditHistoryRow[]): string {
  const lines = [['date', 'kind', 'member', 'channel', 'credits', 'balance_after', 'by', 'reason'].join(',')];
  for (const row of rows) {
    lines.push(
      [row.at.toISOString(), creditKindWord(row.kind), row.member, row.channel?.toLowerCase() ?? null, row.credits, row.balanceAfter, row.by, row.reason]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
