import type Stripe from 'stripe';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { listPacksOfBrand, type CreditPack } from './credit-packs';
import { brandOfPool, type CreditPool } from './credit-pool';
import { fulfilCreditPurchase } from './fulfil-credit-purchase';
import { reverseCreditPurchase } from './reverse-credit-purchase';
import { getStripe } from './stripe-client';

export type WebhookOutcome = { status: number; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One delivery of Stripe's webhook. The signature is checked on the raw body, with Stripe's
 * timestamp tolerance (5 minutes), before anything is read; a paid Checkout Session is fulfilled
 * once with what it sold, at the price paid in the configured currency (checkPurchasedPack). Anything else is refused
 * with 400 (Stripe shows it and retries) and grants nothing; events of no interest get 200.
 */
export async function handleStripeWebhook({ rawBody, signature }: { rawBody: string; signature: string | null }): Promise<WebhookOutcome> {
  const env = getEnv();
  const stripe = getStripe();
  if (!stripe || !env.STRIPE_WEBHOOK_SECRET) return { status: 404, message: 'Stripe is not configured.' };
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature ?? '', env.STRIPE_WEBHOOK_SECRET);
  } catch {
    return { status: 400, message: 'The signature does not verify.' };
  }
  if (event.type === 'charge.refunded' || event.type === 'charge.dispute.created') return handlePaymentReversal(event);
  if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') {
    return { status: 200, message: 'Ignored.' };
  }
  const session = event.data.object;
  // A delayed payment method completes the session unpaid; its async_payment_succeeded grants.
  if (session.payment_status !== 'paid') return { status: 200, message: 'Not paid yet.' };
  const checked = await checkPurchasedPack(session, env.STRIPE_CURRENCY);
  if (!checked) {
    console.error(`Stripe event ${event.id}: session ${session.id} is not an SMS credit pack of its brand at its price; nothing granted.`);
    return { status: 400, message: 'Unknown pack or price.' };
  }
  const { pool, pack } = checked;
  if (!session.amount_total || !session.currency) return { status: 400, message: 'Unknown pack or price.' };
  const startedBy = session.metadata?.startedBy ?? '';
  try {
    const result = await fulfilCreditPurchase({
      ...pool,
      pack,
      checkoutSessionId: session.id,
      eventId: event.id,
      paymentIntentId: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null),
      amountCents: session.amount_total,
      currency: session.currency,
      // The administrator (or mailbox) who started the checkout bought it; the webhook only delivered the news.
      payer: { actorKind: 'SELF', actorId: UUID.test(startedBy) ? startedBy : null, operator: null },
      isTest: false,
    });
    return { status: 200, message: result.granted ? 'Granted.' : 'Already granted.' };
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'ORGANISATION_NOT_FOUND' || error.code === 'USER_NOT_FOUND')) return { status: 400, message: 'Unknown organisation.' };
    throw error;
  }
}

/**
 * A refund (in part or whole) or a dispute of a payment: the purchase it paid for gives its credits
 * back. A payment Gatehouse never sold credits for (another product on the same Stripe account, a
 * test purchase) or one already reversed this far is acknowledged with 200 and changes nothing:
 * Stripe retrying it would change nothing either.
 */
async function handlePaymentReversal(event: Stripe.ChargeRefundedEvent | Stripe.ChargeDisputeCreatedEvent): Promise<WebhookOutcome> {
  const object = event.data.object;
  const paymentIntentId = typeof object.payment_intent === 'string' ? object.payment_intent : (object.payment_intent?.id ?? null);
  if (!paymentIntentId) return { status: 200, message: 'No payment of an SMS credit purchase; nothing changed.' };
  const outcome = await reverseCreditPurchase({
    paymentIntentId,
    eventId: event.id,
    reversal:
      event.type === 'charge.refunded'
        ? { kind: 'PAYMENT_REFUNDED', amountRefundedCents: event.data.object.amount_refunded }
        : { kind: 'PAYMENT_DISPUTED', amountCents: event.data.object.amount },
  });
  switch (outcome.status) {
    case 'unknown_purchase':
      console.warn(`Stripe event ${event.id}: no SMS credit purchase was paid by ${paymentIntentId}; nothing changed.`);
      return { status: 200, message: 'No SMS credit purchase was paid by that payment; nothing changed.' };
    case 'already_reversed':
      return { status: 200, message: 'Already taken back; nothing changed.' };
    case 'reversed':
      return { status: 200, message: `${outcome.credits} credits taken back${outcome.shortfall > 0 ? `, ${outcome.shortfall} short` : ''}.` };
  }
}

/**
 * The pool and pack a paid session is for, or null: the pool named in the metadata (an
 * organisation, or a mailbox's own) must exist; its brand must be the brand that started the
 * checkout (metadata brandId, when the session has one), in the configured currency. A session
 * started with what it sold in its metadata (credits, amountCents: written by startCreditPurchase,
 * in an event Stripe signed) grants those credits when the amount paid is that amount, whatever
 * the brand's packs are now; an older one must name a pack the brand still offers, at its price.
 */
async function checkPurchasedPack(session: Stripe.Checkout.Session, currency: string): Promise<{ pool: CreditPool; pack: CreditPack } | null> {
  const metadata = session.metadata ?? {};
  const organisationId = metadata.organisationId ?? '';
  const poolUserId = metadata.poolUserId ?? '';
  if (session.mode !== 'payment' || session.currency !== currency) return null;
  // Exactly one pool, named by a well-formed id.
  if (UUID.test(organisationId) === UUID.test(poolUserId)) return null;
  const pool: CreditPool = UUID.test(organisationId) ? { organisationId } : { poolUserId };
  const brandId = await brandOfPool(prisma, pool);
  if (!brandId || (metadata.brandId !== undefined && metadata.brandId !== brandId)) return null;
  if (metadata.credits !== undefined || metadata.amountCents !== undefined) {
    const credits = positiveInteger(metadata.credits);
    const amountCents = positiveInteger(metadata.amountCents);
    if (!credits || !amountCents || metadata.brandId !== brandId || session.amount_total !== amountCents) return null;
    return { pool, pack: { id: metadata.packId ?? '', credits, amountCents } };
  }
  const pack = (await listPacksOfBrand(brandId)).find((candidate) => candidate.id === metadata.packId);
  if (!pack || session.amount_total !== pack.amountCents) return null;
  return { pool, pack };
}

/** "100" as 100; anything but a positive integer's digits (and more than a pack may hold) as null. */
function positiveInteger(text: string | undefined): number | null {
  if (!text || !/^[1-9]\d{0,8}$/.test(text)) return null;
  return Number(text);
}
