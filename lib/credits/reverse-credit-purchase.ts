import { getEnv } from '@/lib/config/env';
import { Prisma } from '@/lib/db/generated/client';
import { prisma, type Tx } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readMessageBrand, readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { brandOfPool } from './credit-pool';

/** Which of Stripe's events takes credits back: a refund (in part or whole) or a dispute. */
export type Reversal =
  /** `amountRefundedCents`: the charge's cumulative amount refunded so far (Stripe's `amount_refunded`). */
  | { kind: 'PAYMENT_REFUNDED'; amountRefundedCents: number }
  /** A dispute takes back everything the purchase still has to give. */
  | { kind: 'PAYMENT_DISPUTED'; amountCents: number };

export type ReversalOutcome =
  /** Credits taken back now (`shortfall`: what should have been taken but was already spent). */
  | { status: 'reversed'; credits: number; shortfall: number; balance: number }
  /** No purchase was paid by that PaymentIntent: nothing changed. */
  | { status: 'unknown_purchase' }
  /** The purchase was already reversed this far, or this event was already applied: nothing changed. */
  | { status: 'already_reversed' };

// The one name the ledger and the audit give Stripe as the cause of a reversal (no person acted).
export const REVERSAL_OPERATOR = 'stripe';

/**
 * Takes back the credits of a purchase Stripe refunded or a cardholder disputed (SECURITY.md,
 * "Money"). The purchase is found by its PaymentIntent and locked, so reversals of one purchase
 * run one after another and each sees what the earlier ones took. What a purchase owes back is
 * measured against what earlier reversals already claimed (taken or recorded as shortfall): a
 * refund owes its share of the credits in proportion to the charge's cumulative refunded amount,
 * a dispute everything. The pool gives what it has, with one conditional update (never below
 * zero, whatever debits run at the same moment); the rest is the row's `shortfall`. The row
 * carries the event's id (unique), so a retried or duplicated event applies once; the balance,
 * the row, the audit and the e-mails to the pool's people commit together.
 */
export async function reverseCreditPurchase({
  paymentIntentId,
  eventId,
  reversal,
}: {
  paymentIntentId: string;
  eventId: string;
  reversal: Reversal;
}): Promise<ReversalOutcome> {
  try {
    const outcome = await prisma.$transaction(async (tx) => {
      const [purchase] = await tx.$queryRaw<
        { id: string; organisationId: string | null; poolUserId: string | null; credits: number; amountCents: number | null; currency: string | null }[]
      >`
        SELECT "id", "organisationId", "poolUserId", "credits", "amountCents", "currency" FROM "CreditLedgerEntry"
         WHERE "paymentIntentId" = ${paymentIntentId} AND "kind" = 'PURCHASE'
         FOR UPDATE`;
      if (!purchase) return { outcome: { status: 'unknown_purchase' } as const, messageIds: [] };
      const earlier = await tx.creditLedgerEntry.findMany({ where: { reversalOfId: purchase.id }, select: { credits: true, shortfall: true } });
      const claimed = earlier.reduce((sum, row) => sum - row.credits + (row.shortfall ?? 0), 0);
      const owed = owedCredits(purchase, reversal) - claimed;
      if (owed <= 0) return { outcome: { status: 'already_reversed' } as const, messageIds: [] };

      const { balance, taken } = await takeFromPool(tx, purchase, owed);
      const shortfall = owed - taken;
      const amountCents = reversal.kind === 'PAYMENT_REFUNDED' ? reversal.amountRefundedCents : reversal.amountCents;
      const reason = reversalReason({ reversal, amountCents, purchaseCents: purchase.amountCents, currency: purchase.currency, shortfall });
      await tx.creditLedgerEntry.create({
        data: {
          organisationId: purchase.organisationId,
          poolUserId: purchase.poolUserId,
          kind: reversal.kind,
          credits: -taken,
          balanceAfter: balance,
          actorKind: 'CONSOLE',
          actorId: null,
          operator: REVERSAL_OPERATOR,
          amountCents,
          currency: purchase.currency,
          stripeEventId: eventId,
          reversalOfId: purchase.id,
          shortfall,
          reason,
        },
      });
      // Listed on the Activity of the pool's brand, like the purchase it reverses.
      const brandId = await brandOfPool(tx, purchase.organisationId ? { organisationId: purchase.organisationId } : { poolUserId: purchase.poolUserId as string });
      await tx.auditEvent.create({
        data: {
          type: reversal.kind === 'PAYMENT_REFUNDED' ? 'credits.payment_refunded' : 'credits.payment_disputed',
          userId: purchase.poolUserId,
          brandId,
          actorKind: 'CONSOLE',
          operator: REVERSAL_OPERATOR,
          detail: {
            ...(purchase.organisationId ? { organisationId: purchase.organisationId } : { poolUserId: purchase.poolUserId }),
            purchaseId: purchase.id,
            paymentIntentId,
            eventId,
            credits: -taken,
            shortfall,
            balance,
          },
        },
      });
      const messageIds = await queueReversalNotices(tx, { purchase, reversal, taken, shortfall, balance });
      return { outcome: { status: 'reversed', credits: taken, shortfall, balance } as const, messageIds };
    });
    await deliverMessages(outcome.messageIds);
    return outcome.outcome;
  } catch (error) {
    // The same event, delivered twice at once: the second meets the unique event id and rolls back.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { status: 'already_reversed' };
    throw error;
  }
}

/**
 * What the purchase owes back in all, with this event: a dispute the whole pack; a refund its share,
 * rounded up so that the credits a pool keeps are all paid for.
 */
export function owedCredits(purchase: { credits: number; amountCents: number | null }, reversal: Reversal): number {
  if (reversal.kind === 'PAYMENT_DISPUTED' || !purchase.amountCents) return purchase.credits;
  const refunded = Math.min(Math.max(reversal.amountRefundedCents, 0), purchase.amountCents);
  return Math.ceil((purchase.credits * refunded) / purchase.amountCents);
}

/**
 * The pool gives what it has, up to `owed`: one statement that locks the row, reads its balance
 * and lowers it, so a debit at the same moment is either before it or after it.
 */
async function takeFromPool(
  tx: Tx,
  purchase: { organisationId: string | null; poolUserId: string | null },
  owed: number,
): Promise<{ balance: number; taken: number }> {
  const rows = purchase.organisationId
    ? await tx.$queryRaw<{ balance: number; taken: number }[]>`
        WITH "before" AS (SELECT "creditBalance" FROM "Organisation" WHERE "id" = ${purchase.organisationId}::uuid FOR UPDATE)
        UPDATE "Organisation" SET "creditBalance" = "Organisation"."creditBalance" - LEAST("Organisation"."creditBalance", ${owed}), "updatedAt" = now()
          FROM "before" WHERE "id" = ${purchase.organisationId}::uuid
        RETURNING "Organisation"."creditBalance" AS "balance", "before"."creditBalance" - "Organisation"."creditBalance" AS "taken"`
    : await tx.$queryRaw<{ balance: number; taken: number }[]>`
        WITH "before" AS (SELECT "creditBalance" FROM "PersonalCreditPool" WHERE "userId" = ${purchase.poolUserId}::uuid FOR UPDATE)
        UPDATE "PersonalCreditPool" SET "creditBalance" = "PersonalCreditPool"."creditBalance" - LEAST("PersonalCreditPool"."creditBalance", ${owed}), "updatedAt" = now()
          FROM "before" WHERE "userId" = ${purchase.poolUserId}::uuid
        RETURNING "PersonalCreditPool"."creditBalance" AS "balance", "before"."creditBalance" - "PersonalCreditPool"."creditBalance" AS "taken"`;
  const row = rows[0];
  // The ledger's foreign keys keep a purchase's pool while the purchase exists.
  if (!row) throw new Error('reverseCreditPurchase: the purchase has no pool');
  return { balance: Number(row.balance), taken: Number(row.taken) };
}

function money(cents: number, currency: string | null): string {
  return `${(cents / 100).toFixed(2)} ${(currency ?? '').toUpperCase()}`.trim();
}

/** The history's line for the row: what Stripe did, and what could not be taken back. */
function reversalReason({
  reversal,
  amountCents,
  purchaseCents,
  currency,
  shortfall,
}: {
  reversal: Reversal;
  amountCents: number;
  purchaseCents: number | null;
  currency: string | null;
  shortfall: number;
}): string {
  const what =
    reversal.kind === 'PAYMENT_REFUNDED'
      ? `Stripe refunded ${money(amountCents, currency)}${purchaseCents ? ` of the ${money(purchaseCents, currency)} paid` : ''}`
      : `The cardholder disputed the payment of ${money(amountCents, currency)}`;
  return shortfall > 0 ? `${what}; ${shortfall} of its credits were already spent (shortfall)` : what;
}

async function queueReversalNotices(
  tx: Tx,
  {
    purchase,
    reversal,
    taken,
    shortfall,
    balance,
  }: { purchase: { organisationId: string | null; poolUserId: string | null }; reversal: Reversal; taken: number; shortfall: number; balance: number },
): Promise<string[]> {
  const env = getEnv();
  let recipients: string[];
  let whose: string;
  let link: string;
  if (purchase.organisationId) {
    const organisation = await tx.organisation.findUniqueOrThrow({
      where: { id: purchase.organisationId },
      // Whoever may buy for the pool hears that a payment for it was taken back.
      select: { name: true, members: { where: { role: { in: ['ADMINISTRATOR', 'BILLING'] } }, select: { user: { select: { email: true } } } } },
    });
    recipients = organisation.members.map((member) => member.user.email);
    whose = `"${organisation.name}"`;
    link = new URL('/org/credits', env.GATEHOUSE_URL).toString();
  } else {
    const user = await tx.user.findUniqueOrThrow({ where: { id: purchase.poolUserId as string }, select: { email: true } });
    recipients = [user.email];
    whose = 'your mailbox';
    link = new URL('/settings/credits', env.GATEHOUSE_URL).toString();
  }
  const event = reversal.kind === 'PAYMENT_REFUNDED' ? 'was refunded' : 'is disputed';
  const subject = `A payment for SMS credits ${event}: ${taken} credits taken back`;
  const body = [
    `A payment for the SMS credits of ${whose} ${event}, so ${taken} of the credits it bought ${taken === 1 ? 'was' : 'were'} taken back. ${balance} credits are left.`,
    shortfall > 0 ? `${shortfall} of them had already been spent; they are recorded in the history as a shortfall.` : '',
    '',
    `See the history: ${link}`,
    'If you did not ask for a refund or dispute this payment, contact your brand’s support.',
  ]
    .filter((line, index) => index !== 1 || line !== '')
    .join('\n');
  const brand = purchase.organisationId
    ? await readOrganisationMessageBrand(tx, { organisationId: purchase.organisationId })
    : await readMessageBrand(tx, { userId: purchase.poolUserId as string });
  const ids: string[] = [];
  for (const to of recipients) ids.push(await queueEmail(tx, { brand, to, subject, body }));
  return ids;
}
