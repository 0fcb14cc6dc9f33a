import { selfActor } from '@/lib/core/actor';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { messageCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { allowanceUsed, hasAllowanceRow } from '@/tests/support/limits';
import { countMessagesTo, readSentCode } from '@/tests/support/outbox';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, addConfirmedPhone, createMfaUser, currentSessionFor, phoneNumbers, testRequest } from '@/tests/support/users';

// Toll-fraud limits (SECURITY.md "SMS, voice and e-mail codes"): before any provider is called,
// the country allow-list, then hourly allowances per number, per account, per IP and per country
// prefix. A refused send sends nothing and takes nothing from any allowance.
//
// The allowances are rows of the shared rate_limits table, so every test here uses its own
// users, addresses and numbers, and the per-country test a country no other test sends to.

const nextNumber = phoneNumbers('415');
const env = envOverrides();
const LIMIT_MESSAGE_TAIL = /Nothing was sent\. Use another method, or wait\. You can try again in \d+ minutes?\.$/;

beforeEach(() => env.set(OUTBOX_BASELINE));
afterEach(() => env.restore());
afterAll(() => env.restore());

/** An MFA user with the given confirmed phones, half-way through signing in from `request`. */
async function userWithPhones(numbers: Array<{ number: string; countryCode?: string }>, request: RequestContext = testRequest()) {
  const user = await createMfaUser();
  const phones = [];
  for (const { number, countryCode } of numbers) phones.push(await addConfirmedPhone(user.id, number, countryCode));
  const login = await startSignIn(user, request);
  return { user, phones, request, login };
}

async function refusalsAudited(userId: string) {
  // In the order they were written: without an order, PostgreSQL may return them either way.
  const rows = await prisma.auditEvent.findMany({ where: { userId, type: 'code.send_refused' }, orderBy: { createdAt: 'asc' }, select: { detail: true } });
  return rows.map((row) => row.detail);
}

describe('the country allow-list', () => {
  it.each([
    ['RU', '+79123456789', '+7'],
    ['NG', '+2348021234567', '+234'],
  ])('a %s number is refused with COUNTRY_NOT_ALLOWED before anything is written', async (countryCode, number, prefix) => {
    const { user, phones, request, login } = await userWithPhones([{ number, countryCode }]);
    const [phone] = phones;
    if (!phone) throw new Error('the user has a phone');

    for (const channel of ['SMS', 'VOICE'] as const) {
      const refusal = await refusalOf(sendCode(login, phone, request, channel));
      expect(refusal.code).toBe('COUNTRY_NOT_ALLOWED');
      expect(refusal.userMessage).toMatch(/cannot send texts or calls to numbers in that country/);
    }

    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.outboundMessage.count({ where: { to: number } })).toBe(0);
    expect(await hasAllowanceRow('send-destination', number)).toBe(false);
    expect(await hasAllowanceRow('send-account', user.id)).toBe(false);
    expect(await hasAllowanceRow('send-ip', request.ip)).toBe(false);
    expect(await hasAllowanceRow('send-country', prefix)).toBe(false);
    const masked = `+${number.replace(/\D/g, '').slice(0, 3)}`;
    expect(await refusalsAudited(user.id)).toEqual([
      { channel: 'SMS', purpose: 'SIGN_IN', to: expect.stringMatching(new RegExp(`^\\${masked}•+${number.slice(-2)}$`)), reason: 'COUNTRY_NOT_ALLOWED' },
      { channel: 'VOICE', purpose: 'SIGN_IN', to: expect.stringMatching(new RegExp(`^\\${masked}•+${number.slice(-2)}$`)), reason: 'COUNTRY_NOT_ALLOWED' },
    ]);
  });

  it('a number being added in a refused country gets no code either', async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();

    await expect(
      startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'NG', number: '0802 123 4567', channel: 'SMS', code: null }),
    ).rejects.toMatchObject({ code: 'COUNTRY_NOT_ALLOWED' });

    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);
    expect(await hasAllowanceRow('send-account', user.id)).toBe(false);
  });

  it('the allow-list is the SMS_ALLOWED_COUNTRIES setting: without US in it, a US number is refused', async () => {
    env.set({ SMS_ALLOWED_COUNTRIES: 'GB, ie' });
    const number = nextNumber();
    const { user, phones, request, login } = await userWithPhones([{ number }]);
    await expect(sendCode(login, phones[0] as { id: string }, request)).rejects.toMatchObject({ code: 'COUNTRY_NOT_ALLOWED' });
    expect(await countMessagesTo(number)).toBe(0);
    expect(await hasAllowanceRow('send-account', user.id)).toBe(false);
  });
});

describe('hourly send allowances', () => {
  it('per number: the send past the limit is refused, sends nothing and costs nothing; the live code stays', async () => {
    env.set({ CODE_LIMIT_PER_DESTINATION_PER_HOUR: '2' });
    const number = nextNumber();
    const { user, phones, request, login } = await userWithPhones([{ number }]);
    const phone = phones[0] as { id: string };

    await sendCode(login, phone, request, 'SMS');
    // Texts and calls to one number share its allowance.
    await sendCode(login, phone, request, 'VOICE');
    const liveCode = await readSentCode(number, 'VOICE');

    const refusal = await refusalOf(sendCode(login, phone, request, 'SMS'));
    expect(refusal.code).toBe('SEND_LIMIT_NUMBER');
    expect(refusal.userMessage).toMatch(/^Too many codes were sent to this number in the last hour\. /);
    expect(refusal.userMessage).toMatch(LIMIT_MESSAGE_TAIL);

    expect(await countMessagesTo(number)).toBe(2);
    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(2);
    expect(await allowanceUsed('send-destination', number)).toBe(2);
    expect(await allowanceUsed('send-account', user.id)).toBe(2);
    expect(await allowanceUsed('send-ip', request.ip)).toBe(2);
    expect(await refusalsAudited(user.id)).toEqual([expect.objectContaining({ channel: 'SMS', reason: 'SEND_LIMIT_NUMBER' })]);

    // Refusing another send does not touch the code already on its way.
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(liveCode), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('per number, across accounts: one number on two accounts has one allowance', async () => {
    env.set({ CODE_LIMIT_PER_DESTINATION_PER_HOUR: '2' });
    const number = nextNumber();
    const first = await userWithPhones([{ number }]);
    const second = await userWithPhones([{ number }]);

    await sendCode(first.login, first.phones[0] as { id: string }, first.request);
    await sendCode(first.login, first.phones[0] as { id: string }, first.request);
    const refusal = await refusalOf(sendCode(second.login, second.phones[0] as { id: string }, second.request));

    expect(refusal.code).toBe('SEND_LIMIT_NUMBER');
    expect(refusal.userMessage).toMatch(/^Too many codes were sent to this number/);
    expect(await countMessagesTo(number)).toBe(2);
    expect(await allowanceUsed('send-account', second.user.id)).toBe(0);
    expect(await allowanceUsed('send-ip', second.request.ip)).toBe(0);
  });

  it('per e-mail address, the same way', async () => {
    env.set({ CODE_LIMIT_PER_DESTINATION_PER_HOUR: '2' });
    const user = await createMfaUser();
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@example.test`);
    const request = testRequest();
    const login = await startSignIn(user, request);
    const sendEmail = () => sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request });

    await sendEmail();
    await sendEmail();
    const refusal = await refusalOf(sendEmail());

    expect(refusal.code).toBe('SEND_LIMIT_ADDRESS');
    expect(refusal.userMessage).toMatch(/^Too many codes were sent to this address in the last hour\. /);
    expect(refusal.userMessage).toMatch(LIMIT_MESSAGE_TAIL);
    expect(await countMessagesTo(alternate.address)).toBe(2);
    expect(await allowanceUsed('send-account', user.id)).toBe(2);
  });

  it('per account: the refused send gives back the number allowance it had already taken', async () => {
    env.set({ CODE_LIMIT_PER_ACCOUNT_PER_HOUR: '2' });
    const numbers = [nextNumber(), nextNumber(), nextNumber()];
    const { user, phones, request, login } = await userWithPhones(numbers.map((number) => ({ number })));

    await sendCode(login, phones[0] as { id: string }, request);
    await sendCode(login, phones[1] as { id: string }, request);
    const refusal = await refusalOf(sendCode(login, phones[2] as { id: string }, request));

    expect(refusal.code).toBe('SEND_LIMIT_ACCOUNT');
    expect(refusal.userMessage).toMatch(/^Too many codes were sent for this account in the last hour\. /);
    expect(refusal.userMessage).toMatch(LIMIT_MESSAGE_TAIL);
    expect(await countMessagesTo(numbers[2] as string)).toBe(0);
    expect(await allowanceUsed('send-destination', numbers[2] as string)).toBe(0);
    expect(await allowanceUsed('send-account', user.id)).toBe(2);
    expect(await allowanceUsed('send-ip', request.ip)).toBe(2);
    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(2);
  });

  it('per IP: the refused send gives back the number and account allowances it had already taken', async () => {
    env.set({ CODE_LIMIT_PER_IP_PER_HOUR: '2' });
    const request = testRequest();
    const senders = [];
    for (let i = 0; i < 3; i++) senders.push(await userWithPhones([{ number: nextNumber() }], request));
    const [first, second, third] = senders as [Awaited<ReturnType<typeof userWithPhones>>, Awaited<ReturnType<typeof userWithPhones>>, Awaited<ReturnType<typeof userWithPhones>>];

    await sendCode(first.login, first.phones[0] as { id: string }, request);
    await sendCode(second.login, second.phones[0] as { id: string }, request);
    const refusal = await refusalOf(sendCode(third.login, third.phones[0] as { id: string }, request));

    expect(refusal.code).toBe('SEND_LIMIT_NETWORK');
    expect(refusal.userMessage).toMatch(/^Too many codes were asked for from your network in the last hour\. /);
    expect(refusal.userMessage).toMatch(LIMIT_MESSAGE_TAIL);
    const thirdNumber = await prisma.phone.findFirstOrThrow({ where: { userId: third.user.id }, select: { number: true } });
    expect(await countMessagesTo(thirdNumber.number)).toBe(0);
    expect(await allowanceUsed('send-destination', thirdNumber.number)).toBe(0);
    expect(await allowanceUsed('send-account', third.user.id)).toBe(0);
    expect(await allowanceUsed('send-ip', request.ip)).toBe(2);
  });

  it('per country prefix: the refused send gives back the number, account and IP allowances', async () => {
    // Iceland (+354): no other test sends there. Its allowance starts empty even on a reused database.
    await prisma.$executeRaw`DELETE FROM rate_limits WHERE key = 'send-country:+354'`;
    env.set({ CODE_LIMIT_PER_COUNTRY_PER_HOUR: '2' });
    const numbers = ['+3546111201', '+3546111202', '+3546111203'];
    const senders = [];
    for (const number of numbers) senders.push(await userWithPhones([{ number, countryCode: 'IS' }]));
    const [first, second, third] = senders as [Awaited<ReturnType<typeof userWithPhones>>, Awaited<ReturnType<typeof userWithPhones>>, Awaited<ReturnType<typeof userWithPhones>>];

    await sendCode(first.login, first.phones[0] as { id: string }, first.request);
    await sendCode(second.login, second.phones[0] as { id: string }, second.request, 'VOICE');
    const refusal = await refusalOf(sendCode(third.login, third.phones[0] as { id: string }, third.request));

    expect(refusal.code).toBe('SEND_LIMIT_COUNTRY');
    expect(refusal.userMessage).toMatch(/^Too many codes were sent to numbers in that country in the last hour\. /);
    expect(refusal.userMessage).toMatch(LIMIT_MESSAGE_TAIL);
    expect(await countMessagesTo(numbers[2] as string)).toBe(0);
    expect(await allowanceUsed('send-country', '+354')).toBe(2);
    expect(await allowanceUsed('send-destination', numbers[2] as string)).toBe(0);
    expect(await allowanceUsed('send-account', third.user.id)).toBe(0);
    expect(await allowanceUsed('send-ip', third.request.ip)).toBe(0);
    expect(await prisma.oneTimeCode.count({ where: { userId: third.user.id } })).toBe(0);
  });
});
