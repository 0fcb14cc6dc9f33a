import type { ActorKind } from '@/lib/db/generated/enums';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { CreditPack } from './credit-packs';

export type Payer = { actorKind: ActorKind; actorId: string | null; operator: string | null };

/**
 * Grants a paid pack: the one fulfilment verb behind the Stripe webhook and the development test
 * purchase. The balance change, the PURCHASE row (with the Checkout Session and the event as unique
 * keys) and the audit row commit together, so a retried, duplicated or concurrent delivery grants
 * once: the second one meets the unique key, and its whole transaction rolls back.
 * A purchase also re-arms the low-balance notices, measured from this pack.
 */
export async function fulfilCreditPurchase({
  organisationId,
  pack,
  checkoutSessionId,
  eventId,
  paymentIntentId = null,
  amountCents,
  currency,
  payer,
  isTest,
}: {
  organisationId: string;
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
  const exists = await prisma.organisation.findUnique({ where: { id: organisationId }, select: { id: true } });
  if (!exists) throw new AppError('ORGANISATION_NOT_FOUND');
  try {
    return await prisma.$transaction(async (tx) => {
      const organisation = await tx.organisation.update({
        where: { id: organisationId },
        data: { creditBalance: { increment: pack.credits }, lastPurchaseCredits: pack.credits, lowNoticeSent: false, emptyNoticeSent: false },
        select: { creditBalance: true },
      });
      await tx.creditLedgerEntry.create({
        data: {
          organisationId,
          kind: 'PURCHASE',
          credits: pack.credits,
          balanceAfter: organisation.creditBalance,
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
          actorKind: payer.actorKind,
          actorId: payer.actorId,
          operator: payer.operator,
          detail: { organisationId, packId: pack.id, credits: pack.credits, amountCents, currency, checkoutSessionId, eventId, test: isTest },
        },
      });
      return { granted: true, balance: organisation.creditBalance };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const { creditBalance } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { creditBalance: true } });
      return { granted: false, balance: creditBalance };
    }
    throw error;
  }
}
