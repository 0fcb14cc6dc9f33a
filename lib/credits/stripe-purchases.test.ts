import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/stripe/webhook/route';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { buyingMode } from '@/lib/credits/stripe-client';
import { prisma } from '@/lib/db/prisma';
import { envOverrides } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { startFakeStripe } from '@/tests/support/fake-providers';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { phoneNumbers, selfActorFor } from '@/tests/support/users';

// Buying SMS credits through Stripe Checkout (SECURITY.md "Money"): the real stripe client talks to
// a local fake of Stripe's API; webhooks are signed with the client's own test-header helper.
// Credits come only from a verified webhook, once per Checkout Session and event.

const nextNumber = phoneNumbers('319');
const env = envOverrides();
const WEBHOOK_SECRET = 'whsec_test_gatehouse_secret';
let fakeStripe: Awaited<ReturnType<typeof startFakeStripe>>;
const signer = new Stripe('sk_test_signer');

beforeAll(async () => {
  fakeStripe = await startFakeStripe();
});
beforeEach(() =>
  env.set({ STRIPE_SECRET_KEY: 'sk_test_gatehouse', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_BASE_URL: fakeStripe.url, SMS_CREDIT_PACKS: '100:500,500:2000', STRIPE_CURRENCY: 'usd' }),
);
afterAll(async () => {
  env.restore();
  await fakeStripe.close();
});

function completedEvent({
  sessionId,
  organisationId,
  packId = '100',
  amountTotal = 500,
  currency = 'usd',
  eventId = `evt_${Math.random().toString(36).slice(2)}`,
  paymentStatus = 'paid',
}: {
  sessionId: string;
  organisationId: string;
  packId?: string;
  amountTotal?: number;
  currency?: string;
  eventId?: string;
  paymentStatus?: string;
}): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2026-01-28.clover',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'checkout.session.completed',
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: paymentStatus,
        status: 'complete',
        amount_total: amountTotal,
        currency,
        client_reference_id: organisationId,
        metadata: { organisationId, packId, startedBy: '' },
      },
    },
  });
}

function deliver(payload: string, { secret = WEBHOOK_SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) {
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  return POST(new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload }));
}

describe('buying SMS credits with Stripe', () => {
  it('creates a Checkout Session in payment mode and grants nothing until the webhook', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber });
    expect(buyingMode()).toBe('stripe');
    const started = await startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: '500' });
    expect(started).toMatchObject({ kind: 'redirect', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/) });
    const request = fakeStripe.sessionRequests().at(-1);
    expect(request?.headers.authorization).toBe('Bearer sk_test_gatehouse');
    expect(request?.form).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '2000',
      'line_items[0][price_data][currency]': 'usd',
      'metadata[organisationId]': organisation.id,
      'metadata[packId]': '500',
    });
    expect((await poolOf(organisation.id)).balance).toBe(0);

    const sessionId = (started as { url: string }).url.split('/').at(-1) as string;
    const response = await deliver(completedEvent({ sessionId, organisationId: organisation.id, packId: '500', amountTotal: 2000 }));
    expect(response.status).toBe(200);
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(500);
    expect(pool.ledger).toEqual([expect.objectContaining({ kind: 'PURCHASE', credits: 500, balanceAfter: 500, checkoutSessionId: sessionId })]);
  });

  it('a duplicated and a concurrent webhook grant once', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber });
    const sessionId = `cs_test_dup_${Math.random().toString(36).slice(2)}`;
    const payload = completedEvent({ sessionId, organisationId: organisation.id, eventId: `evt_dup_${Math.random().toString(36).slice(2)}` });
    // The same event delivered twice, then concurrently, then a second event for the same session.
    expect((await deliver(payload)).status).toBe(200);
    expect((await deliver(payload)).status).toBe(200);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => deliver(payload)));
    expect(concurrent.map((response) => response.status)).toEqual(Array(10).fill(200));
    const again = await Promise.all(
      Array.from({ length: 5 }, () => deliver(completedEvent({ sessionId, organisationId: organisation.id }))),
    );
    expect(again.map((response) => response.status)).toEqual(Array(5).fill(200));
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(100);
    expect(pool.count('PURCHASE')).toBe(1);
  });

  it('many first deliveries at once, for different sessions, each grant once', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber });
    const payloads = Array.from({ length: 8 }, (_, i) => completedEvent({ sessionId: `cs_test_many_${i}_${Math.random()}`, organisationId: organisation.id }));
    const responses = await Promise.all([...payloads, ...payloads].map((payload) => deliver(payload)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect((await poolOf(organisation.id)).balance).toBe(800);
  });

  it('refuses a bad signature, an old timestamp, an unknown price or pack with 400, and grants nothing', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber });
    const id = () => `cs_test_bad_${Math.random().toString(36).slice(2)}`;
    const good = completedEvent({ sessionId: id(), organisationId: organisation.id });
    const refused = [
      await deliver(good, { secret: 'whsec_someone_else' }),
      await deliver(good, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      await POST(new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', body: good })),
      // Signed, then the body changed: the signature covers the raw bytes.
      await (async () => {
        const signature = signer.webhooks.generateTestHeaderString({ payload: good, secret: WEBHOOK_SECRET });
        return POST(new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers: { 'stripe-signature': signature }, body: good.replace('"100"', '"500"') }));
      })(),
      await deliver(completedEvent({ sessionId: id(), organisationId: organisation.id, amountTotal: 1 })),
      await deliver(completedEvent({ sessionId: id(), organisationId: organisation.id, packId: '101', amountTotal: 500 })),
      await deliver(completedEvent({ sessionId: id(), organisationId: organisation.id, packId: '1000000000000' })),
      await deliver(completedEvent({ sessionId: id(), organisationId: organisation.id, currency: 'eur' })),
      await deliver(completedEvent({ sessionId: id(), organisationId: '00000000-0000-4000-8000-000000000000' })),
    ];
    expect(refused.map((response) => response.status)).toEqual(Array(refused.length).fill(400));
    // Not paid yet (a delayed payment method): acknowledged, nothing granted.
    expect((await deliver(completedEvent({ sessionId: id(), organisationId: organisation.id, paymentStatus: 'unpaid' }))).status).toBe(200);
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(0);
    expect(pool.ledger).toEqual([]);
  });

  it('a Stripe outage opens no page and grants nothing; production without Stripe hides buying', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber });
    fakeStripe.setFailing(true);
    try {
      await expectAppError(startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: '100' }), 'PAYMENT_PROVIDER_FAILED');
    } finally {
      fakeStripe.setFailing(false);
    }
    env.set({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, GATEHOUSE_ENV: 'production', GATEHOUSE_URL: 'https://gatehouse.example' });
    expect(buyingMode()).toBe('off');
    await expectAppError(startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: '100' }), 'BUYING_NOT_AVAILABLE');
    const response = await deliver(completedEvent({ sessionId: 'cs_test_unconfigured', organisationId: organisation.id }));
    expect(response.status).toBe(404);
    env.set({ GATEHOUSE_ENV: 'development', GATEHOUSE_URL: 'http://localhost:3000' });
    expect(buyingMode()).toBe('test');
    expect(await prisma.creditLedgerEntry.count({ where: { organisationId: organisation.id } })).toBe(0);
  });
});
