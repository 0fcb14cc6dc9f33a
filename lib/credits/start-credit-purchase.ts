import { randomUUID } from 'node:crypto';
import { actingUserId, type Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { findPackOfBrand } from './credit-packs';
import type { CreditPool } from './credit-pool';
import { readSmsPayer } from './read-sms-payer';
import { fulfilCreditPurchase } from './fulfil-credit-purchase';
import { ledgerActor } from './ledger-actor';
import { buyingMode, getStripe } from './stripe-client';

export type PurchaseStart = { kind: 'redirect'; url: string } | { kind: 'granted'; credits: number; balance: number };

/**
 * "Buy SMS Credits" for a pool: an organisation's (its administrators), or a mailbox's own (the
 * mailbox itself, while it is in no organisation and its brand has mailboxes pay for texts). With
 * Stripe, a Checkout Session (mode payment) for the pack, whose hosted page the buyer is sent to;
 * the credits come only from the webhook, which checks the pack against the brand named in the
 * session's metadata. Without Stripe in development, a labelled test purchase through the same
 * fulfilment verb. The pack must be one the pool's brand offers; the price is the brand's (or the
 * configuration's), never the form's.
 */
export async function startCreditPurchase({
  actor,
  packId,
  code = null,
  ...target
}: CreditPool & {
  actor: Actor;
  packId: unknown;
  /** The administrator's or billing contact's current code, when its last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<PurchaseStart> {
  const pool: CreditPool = 'organisationId' in target ? { organisationId: target.organisationId } : { poolUserId: target.poolUserId };
  let brandId: string;
  if ('organisationId' in pool) {
    ({ brandId } = await authorize(actor, 'credits.buy', { organisationId: pool.organisationId }) as { brandId: string });
    const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: pool.organisationId }, select: { allowSmsLogins: true } });
    if (!organisation.allowSmsLogins) throw new AppError('BUYING_NEEDS_SMS_LOGINS');
  } else {
    ({ brandId } = await authorize(actor, 'own_credits.buy', { userId: pool.poolUserId }) as { brandId: string });
    // Only where its own pool is what pays: a member spends its organisation's, and where the
    // platform pays there is nothing to buy.
    if ((await readSmsPayer(pool.poolUserId)).kind !== 'mailbox') throw new AppError('OWN_CREDITS_NOT_NEEDED');
  }
  const pack = await findPackOfBrand(brandId, packId);
  const returnPath = 'organisationId' in pool ? '/org/credits' : '/settings/credits';
  const mode = buyingMode();
  const env = getEnv();
  if (mode === 'off') throw new AppError('BUYING_NOT_AVAILABLE');
  // Spending an organisation's money: the buyer's recent second factor (the console's operator is
  // exempt), asked after the refusals so a purchase that cannot start costs no backup code. A
  // mailbox buying for its own pool spends only its own, in the session it just signed in with.
  if ('organisationId' in pool) await reauthenticateInOrganisation({ actor, code });
  if (mode === 'test') {
    const id = `test_${randomUUID()}`;
    const result = await fulfilCreditPurchase({
      ...pool,
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
      client_reference_id: 'organisationId' in pool ? pool.organisationId : pool.poolUserId,
      // The webhook grants to this pool what was sold here (credits, at amountCents), checking the
      // pool's brand and the amount paid again: the pack itself may be repriced or removed before
      // the buyer pays, and what was sold must still be granted.
      metadata: { ...pool, brandId, packId: pack.id, credits: String(pack.credits), amountCents: String(pack.amountCents), startedBy: actingUserId(actor) ?? '' },
      success_url: new URL(`${returnPath}?purchase=paid&session_id={CHECKOUT_SESSION_ID}`, env.GATEHOUSE_URL).toString().replace('%7B', '{').replace('%7D', '}'),
      cancel_url: new URL(`${returnPath}?purchase=cancelled`, env.GATEHOUSE_URL).toString(),
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
    detail: { ...pool, brandId, packId: pack.id, checkoutSessionId: session.id },
  });
  return { kind: 'redirect', url: session.url };
}
