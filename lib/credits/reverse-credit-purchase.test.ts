import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/stripe/webhook/route';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { debitCredits } from '@/lib/credits/debit-credits';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { prisma } from '@/lib/db/prisma';
import { envOverrides } from '@/tests/support/env';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { createTestUser, phoneNumbers, selfActorFor, TEST_CONSOLE } from '@/tests/support/users';

// Refunds and disputes (SECURITY.md "Money"): Stripe's charge.refunded and charge.dispute.created
// take a purchase's credits back from the pool it went to, once per event, never below zero (the
// rest is recorded as a shortfall), e-mail the pool's people and show in the history. A payment
// Gatehouse never sold credits for, or one already reversed, changes nothing.

const nextNumber = phoneNumbers('329');
const env = envOverrides();
const WEBHOOK_SECRET = 'whsec_test_gatehouse_reversals';
const signer = new Stripe('sk_test_signer');
const id = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

beforeEach(() =>
  env.set({ STRIPE_SECRET_KEY: 'sk_test_gatehouse', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, SMS_CREDIT_PACKS: '100:500,500:2000', STRIPE_CURRENCY: 'usd' }),
);
afterAll(() => env.restore());

function event(type: string, object: Record<string, unknown>, eventId = id('evt')): string {
  return JSON.stringify({ id: eventId, object: 'event', api_version: '2026-01-28.clover', created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } });
}

async function deliver(payload: string) {
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const response = await POST(
    new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers: { 'stripe-signature': signature, 'content-type': 'application/json' }, body: payload }),
  );
  return { status: response.status, message: ((await response.json()) as { message: string }).message };
}

/** An organisation that bought the 100-credit pack (500 cents) through a real, signed checkout webhook. */
async function organisationThatBought() {
  const world = await createTestOrganisation({ nextNumber });
  const paymentIntentId = id('pi');
  const bought = await deliver(
    event('checkout.session.completed', {
      id: id('cs_test'),
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      status: 'complete',
      amount_total: 500,
      currency: 'usd',
      payment_intent: paymentIntentId,
      metadata: { organisationId: world.organisation.id, packId: '100', startedBy: world.admin.id },
    }),
  );
  expect(bought.status).toBe(200);
  return { ...world, paymentIntentId };
}

const refunded = (paymentIntentId: string, amountRefunded: number, eventId?: string) =>
  event('charge.refunded', { id: id('ch'), object: 'charge', amount: 500, amount_refunded: amountRefunded, currency: 'usd', payment_intent: paymentIntentId }, eventId);
const disputed = (paymentIntentId: string, eventId?: string) =>
  event('charge.dispute.created', { id: id('dp'), object: 'dispute', amount: 500, currency: 'usd', charge: id('ch'), payment_intent: paymentIntentId }, eventId);

async function reversalsOf(paymentIntentId: string) {
  const purchase = await prisma.creditLedgerEntry.findUniqueOrThrow({ where: { paymentIntentId }, select: { id: true } });
  return prisma.creditLedgerEntry.findMany({
    where: { reversalOfId: purchase.id },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, credits: true, shortfall: true, balanceAfter: true, organisationId: true, poolUserId: true, reason: true },
  });
}

describe('refunds and disputes take credits back', () => {
  it('a full refund takes the whole pack back, e-mails the administrators and shows in the history as Stripe’s', async () => {
    const { organisation, admin, paymentIntentId } = await organisationThatBought();
    expect((await poolOf(organisation.id)).balance).toBe(100);
    expect(await deliver(refunded(paymentIntentId, 500))).toEqual({ status: 200, message: '100 credits taken back.' });
    expect((await poolOf(organisation.id)).balance).toBe(0);
    expect(await reversalsOf(paymentIntentId)).toEqual([
      expect.objectContaining({ kind: 'PAYMENT_REFUNDED', credits: -100, shortfall: 0, balanceAfter: 0, organisationId: organisation.id, poolUserId: null }),
    ]);
    const mail = await latestMessageTo(admin.email, 'EMAIL');
    expect(mail.subject).toBe('Gatehouse: A payment for SMS credits was refunded: 100 credits taken back');
    expect(mail.body).toContain('0 credits are left');
    const [latest] = await listCreditHistory({ actor: await selfActorFor(admin), organisationId: organisation.id });
    expect(latest).toMatchObject({ kind: 'PAYMENT_REFUNDED', credits: -100, by: 'Stripe', reason: 'Stripe refunded 5.00 USD of the 5.00 USD paid' });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'credits.payment_refunded', detail: { path: ['paymentIntentId'], equals: paymentIntentId } } });
    expect(audit.detail).toMatchObject({ organisationId: organisation.id, credits: -100, shortfall: 0 });
  });

  it('partial refunds take their share of the cumulative amount refunded, once per event', async () => {
    const { organisation, paymentIntentId } = await organisationThatBought();
    const first = refunded(paymentIntentId, 150);
    expect((await deliver(first)).message).toBe('30 credits taken back.');
    // The same event again, and ten times at once: nothing more.
    expect(await deliver(first)).toEqual({ status: 200, message: 'Already taken back; nothing changed.' });
    const again = await Promise.all(Array.from({ length: 10 }, () => deliver(first)));
    expect(again.every((outcome) => outcome.status === 200)).toBe(true);
    expect((await poolOf(organisation.id)).balance).toBe(70);
    // A second refund: Stripe reports the cumulative 400 cents, so 80 in all, 50 more now.
    expect((await deliver(refunded(paymentIntentId, 400))).message).toBe('50 credits taken back.');
    // A new event that refunds nothing more (a retry of an older state) changes nothing.
    expect((await deliver(refunded(paymentIntentId, 150))).message).toBe('Already taken back; nothing changed.');
    expect((await poolOf(organisation.id)).balance).toBe(20);
    expect((await reversalsOf(paymentIntentId)).map((row) => row.credits)).toEqual([-30, -50]);
  });

  it('never takes the balance below zero: what was already spent is the shortfall, and a dispute takes what is left', async () => {
    const { organisation, admin, paymentIntentId } = await organisationThatBought();
    await adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: -90, reason: 'Spent on texts (test)' });
    expect((await deliver(refunded(paymentIntentId, 250))).message).toBe('10 credits taken back, 40 short.');
    expect((await poolOf(organisation.id)).balance).toBe(0);
    // New credits bought later: the dispute claims the 50 the purchase still owes, not the 40 already short.
    await adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: 200, reason: 'Goodwill (test)' });
    expect((await deliver(disputed(paymentIntentId))).message).toBe('50 credits taken back.');
    expect((await poolOf(organisation.id)).balance).toBe(150);
    expect(await reversalsOf(paymentIntentId)).toEqual([
      expect.objectContaining({ kind: 'PAYMENT_REFUNDED', credits: -10, shortfall: 40, balanceAfter: 0 }),
      expect.objectContaining({ kind: 'PAYMENT_DISPUTED', credits: -50, shortfall: 0, balanceAfter: 150 }),
    ]);
    expect((await reversalsOf(paymentIntentId))[0]?.reason).toContain('40 of its credits were already spent (shortfall)');
    expect((await latestMessageTo(admin.email, 'EMAIL')).subject).toBe('Gatehouse: A payment for SMS credits is disputed: 50 credits taken back');
    // Fully reversed: a later refund of the whole amount finds nothing more to take.
    expect((await deliver(refunded(paymentIntentId, 500))).message).toBe('Already taken back; nothing changed.');
    expect((await poolOf(organisation.id)).balance).toBe(150);
  });

  it('a refund or dispute of a payment that bought nothing, or names none, changes nothing', async () => {
    const { organisation, admin } = await organisationThatBought();
    const before = await poolOf(organisation.id);
    const mails = await countMessagesTo(admin.email);
    for (const payload of [
      refunded(id('pi_unknown'), 500),
      disputed(id('pi_unknown')),
      event('charge.refunded', { id: id('ch'), object: 'charge', amount: 500, amount_refunded: 500, currency: 'usd', payment_intent: null }),
    ]) {
      expect(await deliver(payload)).toEqual({ status: 200, message: expect.stringMatching(/nothing changed\.$/) });
    }
    const after = await poolOf(organisation.id);
    expect({ balance: after.balance, ledger: after.ledger }).toEqual({ balance: before.balance, ledger: before.ledger });
    expect(await countMessagesTo(admin.email)).toBe(mails);
  });

  it('a refund and a dispute racing on one purchase take it back once in all', async () => {
    const { organisation, paymentIntentId } = await organisationThatBought();
    const outcomes = await Promise.all([deliver(refunded(paymentIntentId, 500)), deliver(disputed(paymentIntentId)), deliver(refunded(paymentIntentId, 500))]);
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    expect((await poolOf(organisation.id)).balance).toBe(0);
    const rows = await reversalsOf(paymentIntentId);
    expect(rows.reduce((sum, row) => sum - row.credits + (row.shortfall ?? 0), 0)).toBe(100);
    expect(rows).toHaveLength(1);
  });

  it('a refund racing 150 text debits never takes the pool below zero: what it could not take is exactly the shortfall', async () => {
    const { organisation, members, paymentIntentId } = await organisationThatBought();
    const member = members[0] as { id: string };
    const by = { actorKind: 'SELF' as const, actorId: member.id, operator: null };
    const debits = Array.from({ length: 150 }, () => debitCredits({ memberId: member.id, channel: 'SMS', cost: 1, by }));
    const [reversal, ...debited] = await Promise.all([deliver(refunded(paymentIntentId, 500)), ...debits]);
    expect(reversal.status).toBe(200);
    const sent = debited.filter((debit) => debit !== null).length;
    const [row] = await reversalsOf(paymentIntentId);
    expect(row).toBeDefined();
    const taken = -(row?.credits ?? 0);
    // Every credit is accounted for once: spent on a text, taken back, or recorded as short.
    expect(sent + taken).toBe(100);
    expect(taken + (row?.shortfall ?? 0)).toBe(100);
    expect((await poolOf(organisation.id)).balance).toBe(0);
  });

  it('a mailbox’s own pool gives back what it bought, and the mailbox is e-mailed', async () => {
    const owner = await createTestUser({ withTotp: true });
    const paymentIntentId = id('pi');
    // Written as a personal purchase leaves them (the purchase flow for mailboxes is its own verb).
    await prisma.personalCreditPool.create({ data: { userId: owner.id, creditBalance: 60, lastPurchaseCredits: 100 } });
    await prisma.creditLedgerEntry.create({
      data: { poolUserId: owner.id, kind: 'PURCHASE', credits: 100, balanceAfter: 100, actorKind: 'SELF', actorId: owner.id, packId: '100', amountCents: 500, currency: 'usd', paymentIntentId },
    });
    expect((await deliver(disputed(paymentIntentId))).message).toBe('60 credits taken back, 40 short.');
    expect((await prisma.personalCreditPool.findUniqueOrThrow({ where: { userId: owner.id } })).creditBalance).toBe(0);
    expect(await reversalsOf(paymentIntentId)).toEqual([
      expect.objectContaining({ kind: 'PAYMENT_DISPUTED', credits: -60, shortfall: 40, poolUserId: owner.id, organisationId: null }),
    ]);
    const mail = await latestMessageTo(owner.email, 'EMAIL');
    expect(mail.subject).toBe('Gatehouse: A payment for SMS credits is disputed: 60 credits taken back');
    expect(mail.body).toContain('your mailbox');
  });
});
