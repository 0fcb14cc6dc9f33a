import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { prisma } from '@/lib/db/prisma';
import { removeMember, setMemberRole } from '@/lib/organisations/change-membership';
import { addMember } from '@/lib/organisations/add-member';
import { updateOrganisationPreferences } from '@/lib/organisations/update-organisation-preferences';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { startFakeTwilioAndResend } from '@/tests/support/fake-providers';
import { inOwnDatabase } from '@/tests/support/own-database';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { createTestBrand } from '@/tests/support/brands';
import { createMfaUser, createTestUser, phoneNumbers, selfActorFor, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// SECURITY.md "Money": a member's text or call code is paid from its organisation's pool, taken
// before the provider is called by one conditional update with its ledger row, refunded when the
// send fails, never overdrawn under any concurrency.

const nextNumber = phoneNumbers('318');
const env = envOverrides();
// 1,000 sends from one test: the hourly toll-fraud allowances must not be what stops them, and
// the per-country allowance they spend must not be the one every other test file sends from.
inOwnDatabase('gh_credits');
const MANY_SENDS = {
  ...OUTBOX_BASELINE,
  CODE_LIMIT_PER_DESTINATION_PER_HOUR: '100000',
  CODE_LIMIT_PER_ACCOUNT_PER_HOUR: '100000',
  CODE_LIMIT_PER_IP_PER_HOUR: '100000',
  CODE_LIMIT_PER_COUNTRY_PER_HOUR: '100000',
};

beforeAll(() => env.set(MANY_SENDS));
beforeEach(() => env.set(MANY_SENDS));
afterAll(() => env.restore());

describe('a member text code paid from the pool', () => {
  it('1,000 concurrent sends with N < 1,000 credits send exactly N, leave 0 and write N debit rows', async () => {
    const N = 337;
    const { organisation, members } = await createTestOrganisation({ nextNumber, memberCount: 10, credits: N });
    const logins = await Promise.all(members.map(async (member) => ({ member, request: testRequest(), login: await startSignIn(member, testRequest()) })));
    const messagesBefore = await prisma.outboundMessage.count({ where: { to: { in: members.map((member) => member.phone.number) } } });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => {
        const { member, login, request } = logins[i % logins.length] as (typeof logins)[number];
        return sendCode(login, member.phone, request);
      }),
    );

    const sent = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
    expect(sent).toBe(N);
    expect(new Set(refusals)).toEqual(new Set(['SMS_CREDITS_EMPTY']));
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(0);
    expect(pool.count('DEBIT')).toBe(N);
    expect(pool.count('REFUND')).toBe(0);
    const texts = await prisma.outboundMessage.count({ where: { to: { in: members.map((member) => member.phone.number) }, channel: 'SMS' } });
    expect(texts - messagesBefore).toBe(N);
    // Every debit row says whose text it paid for and what the balance became; the balances after are N-1 … 0, each once.
    expect(pool.ledger.filter((row) => row.kind === 'DEBIT').map((row) => row.balanceAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(pool.ledger.every((row) => row.kind !== 'DEBIT' || members.some((member) => member.id === row.memberId))).toBe(true);
  }, 60_000);

  it('an empty pool refuses with the plain message and sends nothing', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 0 });
    const [member] = members;
    if (!member) throw new Error('one member');
    const request = testRequest();
    const login = await startSignIn(member, request);
    const error = await expectAppError(sendCode(login, member.phone, request), 'SMS_CREDITS_EMPTY');
    expect(error.userMessage).toBe(
      'Your family/business account has run out of SMS credits; ask its administrator, or use your authenticator app or a backup code.',
    );
    expect(await prisma.outboundMessage.count({ where: { to: member.phone.number } })).toBe(0);
    expect((await poolOf(organisation.id)).ledger).toEqual([]);
    // The prompt says so before anyone asks.
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: member.id } });
    expect(options.organisationSms).toEqual({ state: 'empty', paidBy: 'organisation' });
  });

  it('a call costs SMS_CREDIT_COST_CALL credits', async () => {
    env.set({ SMS_CREDIT_COST_CALL: '3' });
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 10 });
    const [member] = members;
    if (!member) throw new Error('one member');
    const request = testRequest();
    await sendCode(await startSignIn(member, request), member.phone, request, 'VOICE');
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(7);
    expect(pool.ledger.map((row) => [row.kind, row.credits])).toEqual([['DEBIT', -3]]);
  });

  it('a failed provider send refunds the credit, once', async () => {
    const accountSid = `AC${'c'.repeat(32)}`;
    const twilio = await startFakeTwilioAndResend({ accountSid });
    try {
      env.set({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: 'test-token', TWILIO_FROM_NUMBER: '+15005550006', TWILIO_BASE_URL: twilio.url });
      twilio.setFailing(true);
      const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 5 });
      const [member] = members;
      if (!member) throw new Error('one member');
      const request = testRequest();
      await expectAppError(sendCode(await startSignIn(member, request), member.phone, request), 'DELIVERY_FAILED');
      expect(twilio.twilioRequests('Messages')).toHaveLength(1);
      const pool = await poolOf(organisation.id);
      expect(pool.balance).toBe(5);
      expect(pool.ledger.map((row) => [row.kind, row.credits, row.balanceAfter])).toEqual([
        ['DEBIT', -1, 4],
        ['REFUND', 1, 5],
      ]);
      expect(pool.ledger[1]?.refundOfId).toBe(pool.ledger[0]?.id);
      // Refunding the same debit again changes nothing.
      const { refundDebit } = await import('@/lib/credits/debit-credits');
      await refundDebit({ debitId: pool.ledger[0]?.id as string });
      expect((await poolOf(organisation.id)).balance).toBe(5);
    } finally {
      await twilio.close();
    }
  });

  it('without "Allow SMS two-factor logins" members get no text or call codes, and the prompt says why', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 50, allowSmsLogins: false });
    const [member] = members;
    if (!member) throw new Error('one member');
    const request = testRequest();
    const login = await startSignIn(member, request);
    await expectAppError(sendCode(login, member.phone, request), 'SMS_LOGINS_NOT_ALLOWED');
    expect(await prisma.outboundMessage.count({ where: { to: member.phone.number } })).toBe(0);
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: member.id } });
    expect(options.offered.filter((offered) => offered.phoneId)).toEqual([]);
    expect(options.organisationSms).toEqual({ state: 'not-allowed', paidBy: 'organisation' });
    expect((await poolOf(organisation.id)).balance).toBe(50);
  });

  it('a mailbox outside any organisation keeps today: the platform pays, nothing is debited', async () => {
    const user = await createMfaUser();
    const { addConfirmedPhone } = await import('@/tests/support/users');
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();
    await sendCode(await startSignIn(user, request), phone, request);
    expect(await prisma.outboundMessage.count({ where: { to: phone.number } })).toBe(1);
    expect(await prisma.creditLedgerEntry.count({ where: { memberId: user.id } })).toBe(0);
  });
});

describe('low-balance notices', () => {
  it('e-mail the administrators below 20 % of the last purchase and at zero, once per crossing', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, credits: 10, lastPurchaseCredits: 10 });
    const [member] = members;
    if (!member) throw new Error('one member');
    const notices = () => prisma.outboundMessage.findMany({ where: { to: admin.email, channel: 'EMAIL', subject: { contains: 'SMS credits' } }, select: { subject: true } });
    const request = testRequest();
    const login = await startSignIn(member, request);
    // 10 → 2: 2 is 20 %, not below it; no notice yet.
    for (let i = 0; i < 8; i++) await sendCode(login, member.phone, request);
    expect(await notices()).toHaveLength(0);
    await sendCode(login, member.phone, request); // 1 left: below 20 %
    expect((await notices()).map((notice) => notice.subject)).toEqual([expect.stringContaining('running low')]);
    await sendCode(login, member.phone, request); // 0 left
    expect(await notices()).toHaveLength(2);
    await expectAppError(sendCode(login, member.phone, request), 'SMS_CREDITS_EMPTY');
    expect(await notices()).toHaveLength(2);
    // A refund and a new debit across the same marks are no new crossing.
    await prisma.organisation.update({ where: { id: organisation.id }, data: { creditBalance: 1 } });
    await sendCode(login, member.phone, request);
    expect(await notices()).toHaveLength(2);
    // A purchase re-arms them.
    await updateOrganisationPreferences({ actor: await selfActorFor(admin), organisationId: organisation.id, allowSmsLogins: true });
    await startCreditPurchase({ actor: await selfActorFor(admin), organisationId: organisation.id, packId: '100' });
    expect((await poolOf(organisation.id)).balance).toBe(100);
    await prisma.organisation.update({ where: { id: organisation.id }, data: { creditBalance: 20 } });
    await sendCode(login, member.phone, request); // 19 of 100: below 20 %
    expect(await notices()).toHaveLength(3);
  });
});

describe('organisations', () => {
  // The console operator's direct add (administrators invite: lib/organisations/invitations.test.ts).
  it('the operator\u2019s direct add refuses a mailbox of another brand, one added twice, and one already in another organisation', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber });
    const other = await createTestOrganisation({ nextNumber });
    const actor = TEST_CONSOLE;
    const brand = await createTestBrand();
    const foreign = await createTestUser({ domain: brand.domain });
    await expectAppError(addMember({ actor, organisationId: organisation.id, email: foreign.email }), 'MEMBER_OTHER_BRAND');
    const fresh = await createTestUser();
    await addMember({ actor, organisationId: organisation.id, email: fresh.email });
    await expectAppError(addMember({ actor, organisationId: organisation.id, email: fresh.email }), 'MEMBER_ALREADY_ADDED');
    await expectAppError(addMember({ actor, organisationId: organisation.id, email: other.members[0]?.email ?? '' }), 'MEMBER_IN_OTHER_ORGANISATION');
    expect(await prisma.organisationMember.count({ where: { organisationId: organisation.id } })).toBe(3);
  });

  it('refuse the administrator of another organisation, and a member, everything (audited); nothing changes', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 7 });
    const other = await createTestOrganisation({ nextNumber });
    const outsider = await selfActorFor(other.admin);
    const member = await selfActorFor(members[0] as { id: string });
    const victim = await createTestUser();
    for (const actor of [outsider, member]) {
      await expectAppError(addMember({ actor, organisationId: organisation.id, email: victim.email }), 'FORBIDDEN');
      await expectAppError(updateOrganisationPreferences({ actor, organisationId: organisation.id, allowSmsLogins: false }), 'FORBIDDEN');
      await expectAppError(startCreditPurchase({ actor, organisationId: organisation.id, packId: '100' }), 'FORBIDDEN');
      await expectAppError(setMemberRole({ actor, organisationId: organisation.id, userId: actor.current.user.id, role: 'ADMINISTRATOR' }), 'FORBIDDEN');
      await expectAppError(adjustCredits({ actor, organisationId: organisation.id, credits: 100, reason: 'please' }), 'FORBIDDEN');
    }
    await expectAppError(removeMember({ actor: outsider, organisationId: organisation.id, userId: members[0]?.id as string }), 'FORBIDDEN');
    expect(await prisma.auditEvent.count({ where: { type: 'access.refused', actorId: other.admin.id } })).toBeGreaterThanOrEqual(6);
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(7);
    expect(pool.ledger).toEqual([]);
    expect(await prisma.organisationMember.count({ where: { organisationId: organisation.id } })).toBe(2);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).allowSmsLogins).toBe(true);
  });

  it('keep the last administrator: it cannot leave or be demoted, a member can leave', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const adminActor = await selfActorFor(admin);
    await expectAppError(removeMember({ actor: adminActor, organisationId: organisation.id, userId: admin.id }), 'LAST_ADMINISTRATOR');
    await expectAppError(setMemberRole({ actor: adminActor, organisationId: organisation.id, userId: admin.id, role: 'MEMBER' }), 'LAST_ADMINISTRATOR');
    const member = members[0] as { id: string };
    await removeMember({ actor: await selfActorFor(member), organisationId: organisation.id, userId: member.id });
    expect(await prisma.organisationMember.count({ where: { organisationId: organisation.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.member_removed', userId: member.id } })).toBe(1);
  });

  it('bad packs (0, -1, 10^12, unlisted) are refused and nothing is granted', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber });
    const actor = await selfActorFor(admin);
    for (const packId of ['0', '-1', '1000000000000', '101', '', 'DROP TABLE', 100]) {
      await expectAppError(startCreditPurchase({ actor, organisationId: organisation.id, packId }), 'CREDIT_PACK_UNKNOWN');
    }
    expect((await poolOf(organisation.id)).ledger).toEqual([]);
  });

  it('support adjusts with a reason, never below zero', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber, credits: 5 });
    await expectAppError(adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: 10, reason: ' ' }), 'REASON_REQUIRED');
    await expectAppError(adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: -6, reason: 'refund by card' }), 'CREDIT_ADJUSTMENT_OVERDRAWS');
    expect(await adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: -5, reason: 'refunded by card' })).toEqual({ balance: 0 });
    const pool = await poolOf(organisation.id);
    expect(pool.ledger.map((row) => [row.kind, row.credits, row.balanceAfter])).toEqual([['ADJUSTMENT', -5, 0]]);
    // The database itself refuses a negative balance, whatever code tries.
    await expect(prisma.organisation.update({ where: { id: organisation.id }, data: { creditBalance: -1 } })).rejects.toThrow(/creditBalance_not_negative|check/i);
  });
});
