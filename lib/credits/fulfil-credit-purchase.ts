import type { ActorKind } from '@/lib/db/generated/enums';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { CreditPack } from './credit-packs';
import { brandOfPool, poolColumns, type CreditPool } from './credit-pool';

export type Payer = { actorKind: ActorKind; actorId: string | null; operator: string | null };

/**
 * Grants a paid pack to a pool (an organisation's, or a mailbox's own, created by its first
 * purchase): the one fulfilment verb behind the Stripe webhook and the development test purchase.
 * The balance change, the PURCHASE row (with the Checkout Session and the event as unique keys) and
 * the audit row commit together, so a retried, duplicated or concurrent delivery grants once: the
 * second one meets the unique key, and its whole transaction rolls back.
 * A purchase also re-arms the low-balance notices, measured from this pack.
 */
export async function fulfilCreditPurchase({
  pack,
  checkoutSessionId,
  eventId,
  paymentIntentId = null,
  amountCents,
  currency,
  payer,
  isTest,
  ...target
}: CreditPool & {
  pack: CreditPack;
  checkoutSessionId: string;
  eventId: string;
  /** Stripe's PaymentIntent of the session: a later refund or dispute names it (null for a test purchase). */
  paymentIntentId?: string | null;
  amountCents: number;
  currency: string;
  payer: Payer;
  isTest: boolean;
}): Promise<{ granted: boolean; balance: number }> {
  const pool: CreditPool = 'organisationId' in target ? { organisationId: target.organisationId } : { poolUserId: target.poolUserId };
  // The pool's brand is also the audit row's: the purchase is listed on that brand's Activity.
  const brandId = await brandOfPool(prisma, pool);
  if (!brandId) throw new AppError('organisationId' in pool ? 'ORGANISATION_NOT_FOUND' : 'USER_NOT_FOUND');
  // A mailbox's pool is made by its first purchase, before the grant's transaction: two first
  // purchases at once must not meet each other's insert, only (if duplicates) the ledger's keys.
  if ('poolUserId' in pool) await prisma.personalCreditPool.createMany({ data: [{ userId: pool.poolUserId }], skipDuplicates: true });
  const rearm = { creditBalance: { increment: pack.credits }, lastPurchaseCredits: pack.credits, lowNoticeSent: false, emptyNoticeSent: false };
  try {
    return await prisma.$transaction(async (tx) => {
      const { creditBalance } =
        'organisationId' in pool
          ? await tx.organisation.update({ where: { id: pool.organisationId }, data: rearm, select: { creditBalance: true } })
          : await tx.personalCreditPool.update({ where: { userId: pool.poolUserId }, data: rearm, select: { creditBalance: true } });
      await tx.creditLedgerEntry.create({
        data: {
          ...poolColumns(pool),
          kind: 'PURCHASE',
          credits: pack.credits,
          balanceAfter: creditBalance,
          ...payer,
          packId: pack.id,
          amountCents,
          currency,
          checkoutSessionId,
          stripeEventId: eventId,
          paymentIntentId,
          reason: isTest ? 'Test purchase: no payment was taken' : null,
        },
      });
      await tx.auditEvent.create({
        data: {
          type: 'credits.purchased',
          userId: payer.actorId,
          brandId,
          actorKind: payer.actorKind,
          actorId: payer.actorId,
          operator: payer.operator,
          detail: { ...pool, packId: pack.id, credits: pack.credits, amountCents, currency, checkoutSessionId, eventId, test: isTest },
        },
      });
      return { granted: true, balance: creditBalance };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const balance =
        'organisationId' in pool
          ? (await prisma.organisation.findUniqueOrThrow({ where: { id: pool.organisationId }, select: { creditBalance: true } })).creditBalance
          : ((await prisma.personalCreditPool.findUnique({ where: { userId: pool.poolUserId }, select: { creditBalance: true } }))?.creditBalance ?? 0);
      return { granted: false, balance };
    }
    throw error;
  }
}
