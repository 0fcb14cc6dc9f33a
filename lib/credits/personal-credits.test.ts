import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reserveSmsCredits } from '@/lib/credits/reserve-sms-credits';
import { closePgPool } from '@/lib/db/pg-pool';
import { prisma } from '@/lib/db/prisma';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { inOwnDatabase } from '@/tests/support/own-database';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { addMember } from '@/lib/organisations/add-member';
import { addConfirmedPhone, createTestUser, phoneNumbers, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// Issue 20: where a brand has mailboxes pay for texts, a mailbox in no organisation pays from its
// own pool, by the same one conditional statement as an organisation's (DEBIT_SQL), so no number
// of concurrent sends overdraws it; an empty pool refuses the text but never the other methods.

const nextNumber = phoneNumbers('521');
const env = envOverrides();
inOwnDatabase('gh_personal_credits');
const MANY_SENDS = {
  ...OUTBOX_BASELINE,
  CODE_LIMIT_PER_DESTINATION_PER_HOUR: '100000',
  CODE_LIMIT_PER_ACCOUNT_PER_HOUR: '100000',
  CODE_LIMIT_PER_IP_PER_HOUR: '100000',
  CODE_LIMIT_PER_COUNTRY_PER_HOUR: '100000',
};
beforeAll(() => env.set(MANY_SENDS));
beforeEach(() => env.set(MANY_SENDS));
afterAll(async () => {
  env.restore();
  await closePgPool();
});

const visitor = () => ({ kind: 'visitor' as const, request: testRequest() });

/** A mailbox with an authenticator app and a phone, in a brand whose mailboxes pay for texts. */
async function payingMailbox({ credits, lastPurchaseCredits = credits !== null && credits > 0 ? credits : null, textsPaidBy = 'MAILBOX' as const }: {
  credits: number | null;
  lastPurchaseCredits?: number | null;
  textsPaidBy?: 'MAILBOX' | 'PLATFORM';
}) {
  const brand = await createTestBrand();
  await prisma.brand.update({ where: { id: brand.id }, data: { textsPaidBy, supportContact: `help@${brand.domain}` } });
  const user = await createTestUser({ withTotp: true, domain: brand.domain });
  const phone = await addConfirmedPhone(user.id, nextNumber());
  if (credits !== null) await prisma.personalCreditPool.create({ data: { userId: user.id, creditBalance: credits, lastPurchaseCredits } });
  return { brand, user: { ...user, phone } };
}

async function ownPoolOf(userId: string) {
  const pool = await prisma.personalCreditPool.findUnique({ where: { userId }, select: { creditBalance: true } });
  const ledger = await prisma.creditLedgerEntry.findMany({ where: { poolUserId: userId }, orderBy: { createdAt: 'asc' }, select: { kind: true, credits: true, organisationId: true } });
  return { balance: pool?.creditBalance ?? null, ledger, count: (kind: string) => ledger.filter((row) => row.kind === kind).length };
}

describe("a mailbox's own pool", () => {
  it('1,000 concurrent sends against N credits send exactly N, leave 0 and write N debit rows to that pool alone', async () => {
    const N = 173;
    const { user } = await payingMailbox({ credits: N });
    const { user: other } = await payingMailbox({ credits: 5 });
    // The reservation every text send makes (one sign-in caps its own sends well below 1,000).
    const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, () => reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'SMS' })));
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
    expect(outcomes.length - refusals.length).toBe(N);
    expect(new Set(refusals)).toEqual(new Set(['SMS_CREDITS_EMPTY_OWN']));
    const pool = await ownPoolOf(user.id);
    expect(pool.balance).toBe(0);
    expect(pool.count('DEBIT')).toBe(N);
    expect(pool.ledger.every((row) => row.organisationId === null)).toBe(true);
    // Another mailbox's pool is its own.
    expect((await ownPoolOf(other.id)).balance).toBe(5);
  });

  it('a text sent at the sign-in prompt is paid from the pool', async () => {
    const { user } = await payingMailbox({ credits: 2 });
    const request = testRequest();
    const login = await startSignIn(user, request);
    await sendCode(login, user.phone, request);
    await sendCode(login, user.phone, request);
    await expect(sendCode(login, user.phone, request)).rejects.toMatchObject({ code: 'SMS_CREDITS_EMPTY_OWN' });
    expect(await prisma.outboundMessage.count({ where: { to: user.phone.number, channel: 'SMS' } })).toBe(2);
    expect((await ownPoolOf(user.id)).ledger.map((row) => row.kind)).toEqual(['DEBIT', 'DEBIT']);
  });

  it('two mailboxes racing each spend exactly their own credits', async () => {
    const [a, b] = await Promise.all([payingMailbox({ credits: 30 }), payingMailbox({ credits: 45 })]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => reserveSmsCredits({ actor: visitor(), userId: (i % 2 === 0 ? a : b).user.id, channel: 'SMS' })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(75);
    expect([(await ownPoolOf(a.user.id)).balance, (await ownPoolOf(b.user.id)).balance]).toEqual([0, 0]);
  });

  it('a mailbox that never bought has nothing to spend: refused, nothing written', async () => {
    const { user } = await payingMailbox({ credits: null });
    await expect(reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'SMS' })).rejects.toMatchObject({ code: 'SMS_CREDITS_EMPTY_OWN' });
    expect(await ownPoolOf(user.id)).toMatchObject({ balance: null, ledger: [] });
  });

  it('a call costs SMS_CREDIT_COST_CALL; a refused send gives its credits back to the same pool, once', async () => {
    env.set({ SMS_CREDIT_COST_CALL: '2' });
    const { user } = await payingMailbox({ credits: 3 });
    const reservation = await reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'VOICE' });
    expect((await ownPoolOf(user.id)).balance).toBe(1);
    await Promise.all([reservation.refund(), reservation.refund()]);
    const pool = await ownPoolOf(user.id);
    expect(pool.balance).toBe(3);
    expect(pool.ledger.map((row) => [row.kind, row.credits])).toEqual([
      ['DEBIT', -2],
      ['REFUND', 2],
    ]);
  });

  it('where the platform pays, nothing is counted, even from a pool left over', async () => {
    const { user } = await payingMailbox({ credits: 10, textsPaidBy: 'PLATFORM' });
    await reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'SMS' });
    expect(await ownPoolOf(user.id)).toMatchObject({ balance: 10, ledger: [] });
  });

  it("a member of an organisation in such a brand spends the organisation's pool, not its own", async () => {
    const { brand, user } = await payingMailbox({ credits: 10 });
    const { organisation } = await createTestOrganisation({ nextNumber, credits: 4 });
    await prisma.organisation.update({ where: { id: organisation.id }, data: { brandId: brand.id } });
    await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: user.email });
    await reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'SMS' });
    expect((await ownPoolOf(user.id)).balance).toBe(10);
    expect((await poolOf(organisation.id)).balance).toBe(3);
  });

  it('the mailbox itself is e-mailed once when its pool runs low and once when it is empty', async () => {
    const { brand, user } = await payingMailbox({ credits: 3, lastPurchaseCredits: 10 });
    for (let i = 0; i < 3; i++) await reserveSmsCredits({ actor: visitor(), userId: user.id, channel: 'SMS' });
    const notices = await prisma.outboundMessage.findMany({ where: { to: user.email, channel: 'EMAIL' }, orderBy: { createdAt: 'asc' }, select: { subject: true, body: true } });
    expect(notices.map((notice) => notice.subject)).toEqual([`Brand ${brand.slug}: You are running low on SMS credits (1 left)`, `Brand ${brand.slug}: You have run out of SMS credits`]);
    expect(notices[1]?.body).toContain('/settings/credits');
  });

  it('the prompt says the pool is empty, still offers the other methods, and names the brand support', async () => {
    const { brand, user } = await payingMailbox({ credits: 0 });
    const { name: brandName } = await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { name: true } });
    const login = await startSignIn(user, testRequest());
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect(options.organisationSms).toEqual({ state: 'empty', paidBy: 'mailbox', brandName, supportContact: `help@${brand.domain}` });
    // The text is still offered (credits may be bought meanwhile), and so is everything else the mailbox has.
    expect(options.offered.length).toBeGreaterThan(1);
  });
});
