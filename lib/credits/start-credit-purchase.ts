import { randomUUID } from 'node:crypto';
import { actingUserId, type Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findCreditPack } from './credit-packs';
import { fulfilCreditPurchase } from './fulfil-credit-purchase';
import { ledgerActor } from './ledger-actor';
import { buyingMode, getStripe } from './stripe-client';

export type PurchaseStart = { kind: 'redirect'; url: string } | { kind: 'granted'; credits: number; balance: number };

/**
 * "Buy SMS Credits": with Stripe, a Checkout Session (mode payment) for the pack, whose hosted page
 * the administrator is sent to; the credits come only from the webhook. Without Stripe in
 * development, a test purchase through the same fulfilment verb. The pack must be one configured;
 * the price is the configuration's, never the form's.
 */
export async function startCreditPurchase({
  actor,
  organisationId,
  packId,
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  packId: unknown;
  /** The buyer's current code, when its last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<PurchaseStart> {
  await authorize(actor, 'credits.buy', { organisationId });
  const pack = findCreditPack(packId);
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { allowSmsLogins: true } });
  if (!organisation.allowSmsLogins) throw new AppError('BUYING_NEEDS_SMS_LOGINS');
  const mode = buyingMode();
  const env = getEnv();
  if (mode === 'off') throw new AppError('BUYING_NOT_AVAILABLE');
  // Spending money: the buyer's recent second factor (the console's operator is exempt), asked
  // after the refusals so a purchase that cannot start costs no backup code.
  await reauthenticateInOrganisation({ actor, code });
  if (mode === 'test') {
    const id = `test_${randomUUID()}`;
    const result = await fulfilCreditPurchase({
      organisationId,
      pack,
      checkoutSessionId: id,
      eventId: id,
      amountCents: 0,
      currency: env.STRIPE_CURRENCY,
      payer: ledgerActor(actor),
      isTest: true,
    });
    return { kind: 'granted', credits: pack.credits, balance: result.balance };
  }
  const stripe = getStripe();
  if (!stripe) throw new AppError('BUYING_NOT_AVAILABLE');
  let session;
  try {
    session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: env.STRIPE_CURRENCY, unit_amount: pack.amountCents, product_data: { name: `${pack.credits} SMS credits` } },
        },
      ],
      client_reference_id: organisationId,
      metadata: { organisationId, packId: pack.id, startedBy: actingUserId(actor) ?? '' },
      success_url: new URL('/org/credits?purchase=paid&session_id={CHECKOUT_SESSION_ID}', env.GATEHOUSE_URL).toString().replace('%7B', '{').replace('%7D', '}'),
      cancel_url: new URL('/org/credits?purchase=cancelled', env.GATEHOUSE_URL).toString(),
    });
  } catch (error) {
    console.error('Stripe could not create a Checkout Session:', error instanceof Error ? error.message : error);
    throw new AppError('PAYMENT_PROVIDER_FAILED');
  }
  if (!session.url) throw new AppError('PAYMENT_PROVIDER_FAILED', { internal: 'the Checkout Session has no url' });
  await recordAuditEvent(prisma, {
    type: 'credits.checkout_started',
    actor,
    subjectId: actingUserId(actor),
    detail: { organisationId, packId: pack.id, checkoutSessionId: session.id },
  });
  return { kind: 'redirect', url: session.url };
}
