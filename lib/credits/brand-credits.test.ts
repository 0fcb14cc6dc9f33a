import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/stripe/webhook/route';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { consoleActor } from '@/lib/core/console-actor';
import { listPacksOfBrand } from '@/lib/credits/credit-packs';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { parseCreditPackLines, updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { inOwnDatabase } from '@/tests/support/own-database';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { startFakeStripe } from '@/tests/support/fake-providers';
import { staffWith } from '@/tests/support/staff';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, phoneNumbers, selfActorFor } from '@/tests/support/users';

// Issue 20: "Who pays for texts" and a brand's own packs. Mailboxes may pay only while codes may
// not stand alone (and the reverse is refused), a pack is never under the platform's minimum per
// credit, and the webhook grants only a pack the pool's brand offers, at its price, to the pool
// and brand the checkout named.

const nextNumber = phoneNumbers('522');
const env = envOverrides();
// The platform's settings change in one test: its own database, so no other file sees it.
inOwnDatabase('gh_brand_credits');
const WEBHOOK_SECRET = 'whsec_test_brand_packs';
const operator = consoleActor('vitest-operator');
const signer = new Stripe('sk_test_signer');
let fakeStripe: Awaited<ReturnType<typeof startFakeStripe>>;

beforeAll(async () => {
  fakeStripe = await startFakeStripe();
});
beforeEach(() =>
  env.set({
    STRIPE_SECRET_KEY: 'sk_test_gatehouse',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_BASE_URL: fakeStripe.url,
    SMS_CREDIT_PACKS: '100:500,500:2000',
    STRIPE_CURRENCY: 'usd',
    SMS_CREDIT_MIN_CENTS_PER_CREDIT: '3',
  }),
);
afterAll(async () => {
  env.restore();
  await fakeStripe.close();
});

function paidSession({ metadata, amountTotal, sessionId = `cs_test_${Math.random().toString(36).slice(2)}` }: { metadata: Record<string, string>; amountTotal: number; sessionId?: string }) {
  return JSON.stringify({
    id: `evt_${Math.random().toString(36).slice(2)}`,
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
        payment_status: 'paid',
        status: 'complete',
        amount_total: amountTotal,
        currency: 'usd',
        payment_intent: `pi_${Math.random().toString(36).slice(2)}`,
        metadata: { startedBy: '', ...metadata },
      },
    },
  });
}

function deliver(payload: string) {
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return POST(new Request('http://localhost:3000/api/stripe/webhook', { method: 'POST', headers: { 'stripe-signature': signature }, body: payload }));
}

async function brandTextsPaidBy(brandId: string) {
  return (await prisma.brand.findUniqueOrThrow({ where: { id: brandId }, select: { textsPaidBy: true } })).textsPaidBy;
}

describe('who pays for texts', () => {
  it('mailboxes may pay only while codes may not stand alone, and codes may not stand alone while they pay', async () => {
    // The platform lets codes stand alone (this file's own database), and so does the brand.
    await updatePlatformSettings({ actor: operator, changes: { codesMayStandAlone: true } });
    const brand = await createTestBrand({ codesMayStandAlone: true });
    await expectAppError(updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' }), 'TEXTS_PAYER_NEEDS_AUTHENTICATOR');
    expect(await brandTextsPaidBy(brand.id)).toBe('PLATFORM');

    await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { codesMayStandAlone: false } });
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
    expect(await brandTextsPaidBy(brand.id)).toBe('MAILBOX');
    await expectAppError(updateBrandSettings({ actor: operator, brandId: brand.id, changes: { codesMayStandAlone: true } }), 'CODES_ALONE_WHILE_MAILBOXES_PAY');
    const audit = await prisma.auditEvent.findFirst({ where: { type: 'credits.brand_settings_changed' }, orderBy: { createdAt: 'desc' }, select: { detail: true } });
    expect(audit?.detail).toMatchObject({ brandId: brand.id, after: { textsPaidBy: 'MAILBOX' } });
    await updatePlatformSettings({ actor: operator, changes: { codesMayStandAlone: false } });
    // Nor may the platform turn it on for a brand whose mailboxes pay and that follows the platform.
    const follower = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: follower.id, textsPaidBy: 'MAILBOX' });
    await expectAppError(updatePlatformSettings({ actor: operator, changes: { codesMayStandAlone: true } }), 'CODES_ALONE_WHILE_MAILBOXES_PAY');
    expect((await getEffectivePolicy({ brandId: follower.id })).settings.codesMayStandAlone).toBe(false);
  });

  it('the switch to the mailbox is refused, naming how many (never which), while mailboxes in no organisation hold only a phone', async () => {
    const brand = await createTestBrand();
    const phoneOnly = await Promise.all([createTestUser({ domain: brand.domain }), createTestUser({ domain: brand.domain })]);
    for (const mailbox of phoneOnly) await addConfirmedPhone(mailbox.id, nextNumber());
    // Not counted: a phone with an authenticator, a phone with an alternate address, no factor at all.
    const withApp = await createTestUser({ withTotp: true, domain: brand.domain });
    await addConfirmedPhone(withApp.id, nextNumber());
    const withAlternate = await createTestUser({ domain: brand.domain });
    await addConfirmedPhone(withAlternate.id, nextNumber());
    await addConfirmedAlternateEmail(withAlternate.id, `alt-${withAlternate.id}@elsewhere.example`);
    await createTestUser({ domain: brand.domain });
    // Nor a member with an authenticator (members with only a phone count: see below), nor another brand's mailbox.
    const { members } = await createTestOrganisation({ nextNumber });
    await prisma.user.update({ where: { id: (members[0] as { id: string }).id }, data: { brandId: brand.id } });
    const otherBrand = await createTestBrand();
    await addConfirmedPhone((await createTestUser({ domain: otherBrand.domain })).id, nextNumber());

    const refusal = await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' }).then(
      () => null,
      (error: { code?: string; fieldErrors?: Record<string, string[]> }) => error,
    );
    expect(refusal?.code).toBe('TEXTS_PAYER_WOULD_LOCK_OUT');
    expect(refusal?.fieldErrors?.textsPaidBy?.[0]).toMatch(/^2 mailboxes have a backup phone as their only second factor/);
    expect(JSON.stringify(refusal)).not.toContain(phoneOnly[0]?.email);
    expect(await brandTextsPaidBy(brand.id)).toBe('PLATFORM');

    // Once they hold another method (or leave), the switch goes through.
    for (const mailbox of phoneOnly) await addConfirmedAlternateEmail(mailbox.id, `alt-${mailbox.id}@elsewhere.example`);
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
    expect(await brandTextsPaidBy(brand.id)).toBe('MAILBOX');
  });

  it('another brand’s administrator is refused (audited), and nothing changes', async () => {
    const [brand, other] = await Promise.all([createTestBrand(), createTestBrand()]);
    const { actor } = await staffWith([{ role: 'BRAND_ADMIN', brandId: other.id }]);
    await expectAppError(updateBrandCredits({ actor, brandId: brand.id, textsPaidBy: 'MAILBOX' }), 'FORBIDDEN');
    expect(await brandTextsPaidBy(brand.id)).toBe('PLATFORM');
  });
});

describe("a brand's own packs", () => {
  it('bad prices and bad lines are refused and nothing is saved', async () => {
    const brand = await createTestBrand();
    for (const text of ['100 = 2.99', '100 = 0.49\n', '10 = 0.30']) {
      await expectAppError(updateBrandCredits({ actor: operator, brandId: brand.id, packs: parseCreditPackLines(text) }), 'CREDIT_PACK_TOO_CHEAP');
    }
    for (const text of ['100', '0 = 5.00', '-1 = 5.00', 'a = b', '100 = 5.00\n100 = 6.00', '10000000 = 5.00', '1 = 5.001']) {
      await expectAppError(updateBrandCredits({ actor: operator, brandId: brand.id, packs: parseCreditPackLines(text) }), 'CREDIT_PACKS_INVALID');
    }
    expect(await prisma.brandCreditPack.count({ where: { brandId: brand.id } })).toBe(0);
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: parseCreditPackLines('100 = 3.00\n250 = 9.99') });
    expect((await listPacksOfBrand(brand.id)).map((pack) => [pack.credits, pack.amountCents])).toEqual([
      [100, 300],
      [250, 999],
    ]);
  });

  it('the webhook grants a pack of the pool’s brand at its price, and refuses another brand’s pack, a platform pack, a wrong price or a wrong brand', async () => {
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: [{ credits: 50, amountCents: 400 }] });
    const [pack] = await listPacksOfBrand(brand.id);
    if (!pack) throw new Error('one pack');
    const other = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: other.id, packs: [{ credits: 50, amountCents: 150 }] });
    const [otherPack] = await listPacksOfBrand(other.id);
    if (!otherPack) throw new Error('one pack');

    const { organisation, admin } = await createTestOrganisation({ nextNumber });
    await prisma.organisation.update({ where: { id: organisation.id }, data: { brandId: brand.id } });
    // Starting the checkout offers the brand's pack and names the brand.
    await startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: pack.id });
    expect(fakeStripe.sessionRequests().at(-1)?.form).toMatchObject({
      'metadata[brandId]': brand.id,
      'metadata[packId]': pack.id,
      'line_items[0][price_data][unit_amount]': '400',
    });
    await expectAppError(startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: '100' }), 'CREDIT_PACK_UNKNOWN');

    const organisationId = organisation.id;
    const refused = await Promise.all([
      deliver(paidSession({ metadata: { organisationId, brandId: brand.id, packId: otherPack.id }, amountTotal: 150 })),
      deliver(paidSession({ metadata: { organisationId, brandId: brand.id, packId: '100' }, amountTotal: 500 })),
      deliver(paidSession({ metadata: { organisationId, brandId: brand.id, packId: pack.id }, amountTotal: 150 })),
      deliver(paidSession({ metadata: { organisationId, brandId: other.id, packId: pack.id }, amountTotal: 400 })),
      deliver(paidSession({ metadata: { organisationId, poolUserId: admin.id, brandId: brand.id, packId: pack.id }, amountTotal: 400 })),
    ]);
    expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
    expect((await poolOf(organisation.id)).ledger).toEqual([]);

    const granted = await deliver(paidSession({ metadata: { organisationId, brandId: brand.id, packId: pack.id }, amountTotal: 400 }));
    expect(granted.status).toBe(200);
    expect((await poolOf(organisation.id)).balance).toBe(50);
  });

  it('saving the packs again keeps each kept pack’s row (and id), reprices it in place, removes the others and adds new ones', async () => {
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: [{ credits: 50, amountCents: 400 }, { credits: 100, amountCents: 700 }] });
    const before = await listPacksOfBrand(brand.id);
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: [{ credits: 50, amountCents: 450 }, { credits: 200, amountCents: 1200 }] });
    const after = await listPacksOfBrand(brand.id);
    expect(after.map((pack) => [pack.credits, pack.amountCents])).toEqual([
      [50, 450],
      [200, 1200],
    ]);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after.map((pack) => pack.id)).not.toContain(before[1]?.id);
  });

  it('a paid checkout is granted what it sold, though the brand saved, repriced or removed its packs meanwhile', async () => {
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX', packs: [{ credits: 50, amountCents: 400 }] });
    const mailbox = await createTestUser({ withTotp: true, domain: brand.domain });
    const [pack] = await listPacksOfBrand(brand.id);
    if (!pack) throw new Error('one pack');
    const started = await startCreditPurchase({ actor: await selfActorFor(mailbox), poolUserId: mailbox.id, packId: pack.id });
    expect(started.kind).toBe('redirect');
    const form = fakeStripe.sessionRequests().at(-1)?.form ?? {};
    expect(form).toMatchObject({ 'metadata[credits]': '50', 'metadata[amountCents]': '400', 'metadata[brandId]': brand.id, 'metadata[poolUserId]': mailbox.id });
    const sold = { poolUserId: mailbox.id, brandId: brand.id, packId: pack.id, credits: '50', amountCents: '400', startedBy: mailbox.id };

    // Saved unchanged, then repriced, then replaced by another pack, before the buyer pays.
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX', packs: [{ credits: 50, amountCents: 400 }] });
    expect((await listPacksOfBrand(brand.id))[0]?.id).toBe(pack.id);
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: [{ credits: 50, amountCents: 600 }] });
    await updateBrandCredits({ actor: operator, brandId: brand.id, packs: [{ credits: 80, amountCents: 600 }] });

    // What the metadata sold is checked: the amount paid, the credits, the pool's brand.
    const refused = await Promise.all([
      deliver(paidSession({ metadata: { ...sold }, amountTotal: 399 })),
      deliver(paidSession({ metadata: { ...sold, credits: '0' }, amountTotal: 400 })),
      deliver(paidSession({ metadata: { ...sold, credits: '1.5' }, amountTotal: 400 })),
      deliver(paidSession({ metadata: { ...sold, amountCents: 'x' }, amountTotal: 400 })),
      deliver(paidSession({ metadata: { ...sold, brandId: (await createTestBrand()).id }, amountTotal: 400 })),
      deliver(paidSession({ metadata: { ...sold, poolUserId: '00000000-0000-4000-8000-000000000000' }, amountTotal: 400 })),
    ]);
    expect(refused.map((response) => response.status)).toEqual(Array(refused.length).fill(400));
    expect(await prisma.personalCreditPool.findUnique({ where: { userId: mailbox.id } })).toBeNull();

    const granted = await deliver(paidSession({ metadata: sold, amountTotal: 400 }));
    expect(granted.status).toBe(200);
    expect((await prisma.personalCreditPool.findUniqueOrThrow({ where: { userId: mailbox.id }, select: { creditBalance: true } })).creditBalance).toBe(50);
  });

  it("a mailbox's own purchase through the webhook makes its pool, with the PaymentIntent on the row", async () => {
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
    const mailbox = await createTestUser({ withTotp: true, domain: brand.domain });
    const started = await startCreditPurchase({ actor: await selfActorFor(mailbox), poolUserId: mailbox.id, packId: '100' });
    expect(started.kind).toBe('redirect');
    expect(fakeStripe.sessionRequests().at(-1)?.form).toMatchObject({ 'metadata[poolUserId]': mailbox.id, 'metadata[brandId]': brand.id });
    const payload = paidSession({ metadata: { poolUserId: mailbox.id, brandId: brand.id, packId: '100', startedBy: mailbox.id }, amountTotal: 500 });
    expect((await deliver(payload)).status).toBe(200);
    expect((await deliver(payload)).status).toBe(200);
    expect(await prisma.personalCreditPool.findUnique({ where: { userId: mailbox.id }, select: { creditBalance: true, lastPurchaseCredits: true } })).toEqual({
      creditBalance: 100,
      lastPurchaseCredits: 100,
    });
    const rows = await prisma.creditLedgerEntry.findMany({ where: { poolUserId: mailbox.id }, select: { kind: true, organisationId: true, paymentIntentId: true } });
    expect(rows).toEqual([{ kind: 'PURCHASE', organisationId: null, paymentIntentId: expect.stringMatching(/^pi_/) }]);
  });

  it('a mailbox whose texts it does not pay for has nothing to buy; another mailbox’s pool is not its to buy', async () => {
    const brand = await createTestBrand();
    const mailbox = await createTestUser({ withTotp: true, domain: brand.domain });
    await expectAppError(startCreditPurchase({ actor: await selfActorFor(mailbox), poolUserId: mailbox.id, packId: '100' }), 'OWN_CREDITS_NOT_NEEDED');
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
    const other = await createTestUser({ withTotp: true, domain: brand.domain });
    await expectAppError(startCreditPurchase({ actor: await selfActorFor(other), poolUserId: mailbox.id, packId: '100' }), 'FORBIDDEN');
    expect(await prisma.personalCreditPool.count({ where: { userId: { in: [mailbox.id, other.id] } } })).toBe(0);
  });
});

