import { randomBytes, randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as voiceWebhook } from '@/app/api/twilio/voice/[callToken]/route';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { hashOneTimeCode } from '@/lib/core/factor-kinds/codes/one-time-code';
import { messageCode } from '@/tests/support/codes';
import { envOverrides } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { startFakeTwilioAndResend } from '@/tests/support/fake-providers';
import { allowanceUsed } from '@/tests/support/limits';
import { codeRowsOf, sendCode, signInHalfWay, startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, createMfaUser, phoneNumbers, testRequest } from '@/tests/support/users';

// Texts and calls through Twilio's REST API, e-mail codes through Resend's, both answered by a
// stand-in on a loopback port that records every request (tests/support/fake-providers.ts).

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const FROM_NUMBER = '+15005550006';
const MESSAGING_SERVICE_SID = `MG${randomBytes(16).toString('hex')}`;
const RESEND_KEY = 're_test_fedcba9876543210';
const GATEHOUSE_URL = 'http://localhost:3000';

let fake: Awaited<ReturnType<typeof startFakeTwilioAndResend>>;
const nextNumber = phoneNumbers('312');
const env = envOverrides();

beforeAll(async () => {
  fake = await startFakeTwilioAndResend({ accountSid: ACCOUNT_SID });
});

/** Twilio configured with a from-number, pointed at the fake; no Resend; no wait between sends. */
function useTwilio(extra: Record<string, string | undefined> = {}) {
  env.set({
    GATEHOUSE_URL,
    CODE_RESEND_WAIT_SECONDS: '0',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: FROM_NUMBER,
    TWILIO_MESSAGING_SERVICE_SID: undefined,
    TWILIO_BASE_URL: fake.url,
    RESEND_API_KEY: undefined,
    RESEND_BASE_URL: undefined,
    ...extra,
  });
}

beforeEach(() => {
  fake.received.length = 0;
  fake.setFailing(false);
  useTwilio();
});

afterEach(() => {
  env.restore();
  vi.restoreAllMocks();
});

afterAll(async () => {
  env.restore();
  await fake.close();
});

function only<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0] as T;
}

function codeInText(body: string | undefined): string {
  const match = /Your Gatehouse code is (\d{6})\./.exec(body ?? '');
  if (!match) throw new Error(`no code in ${body}`);
  return match[1] as string;
}

function spoken(code: string): string {
  return code.split('').join(', ');
}

function messagesTo(to: string) {
  return prisma.outboundMessage.findMany({
    where: { to },
    orderBy: { createdAt: 'asc' },
    select: { channel: true, subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
  });
}

/** Twilio's request to the call's action URL after the listener pressed a key. */
function keyPressRequest({ callToken, signature, digits = '5' }: { callToken: string; signature: string | null; digits?: string }) {
  const params = { AccountSid: ACCOUNT_SID, CallSid: `CA${'0'.repeat(32)}`, Digits: digits, From: FROM_NUMBER, To: '+12125550100' };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const request = new Request(`${GATEHOUSE_URL}/api/twilio/voice/${callToken}`, { method: 'POST', headers, body: new URLSearchParams(params) });
  return voiceWebhook(request, { params: Promise.resolve({ callToken }) });
}

function validSignature(callToken: string, digits = '5'): string {
  const params = { AccountSid: ACCOUNT_SID, CallSid: `CA${'0'.repeat(32)}`, Digits: digits, From: FROM_NUMBER, To: '+12125550100' };
  return getExpectedTwilioSignature(AUTH_TOKEN, `${GATEHOUSE_URL}/api/twilio/voice/${callToken}`, params);
}

describe('texts through Twilio', () => {
  it('POSTs Messages.json with the code, Basic auth and the from-number; the stored copy is SENT and redacted', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'SMS');

    const sent = only(fake.twilioRequests('Messages'));
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(sent.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.form).toMatchObject({ To: phone.number, From: FROM_NUMBER });
    expect(sent.form.MessagingServiceSid).toBeUndefined();
    const code = codeInText(sent.form.Body);
    const [row] = await codeRowsOf(login.id);
    expect(row?.codeHash).toBe(hashOneTimeCode({ id: row?.id ?? '', code }));

    const stored = only(await messagesTo(phone.number));
    expect(stored).toMatchObject({ channel: 'SMS', status: 'SENT', provider: 'twilio', error: null });
    expect(stored.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(stored.providerMessageId).toBe(sent.answer.sid);
    expect(stored.body).not.toContain(code);
    expect(stored.body).toContain('Your Gatehouse code is ••••••.');

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('with a Messaging Service configured, texts go through it instead of the from-number', async () => {
    useTwilio({ TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID });
    const { phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'SMS');

    const sent = only(fake.twilioRequests('Messages'));
    expect(sent.form).toMatchObject({ To: phone.number, MessagingServiceSid: MESSAGING_SERVICE_SID });
    expect(sent.form.From).toBeUndefined();
    expect(only(await messagesTo(phone.number)).status).toBe('SENT');
  });
});

describe('calls through Twilio', () => {
  it('POSTs Calls.json with TwiML that waits for a key press and holds no code; the webhook then reads it twice', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'VOICE');

    const [row] = await codeRowsOf(login.id);
    if (!row?.sealedCode || !row.callToken) throw new Error('a call keeps its code sealed for the webhook');
    const code = decryptSecret({ sealed: row.sealedCode, boundTo: row.id });

    const call = only(fake.twilioRequests('Calls'));
    expect(call.method).toBe('POST');
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(call.form).toMatchObject({ To: phone.number, From: FROM_NUMBER });
    const twiml = call.form.Twiml ?? '';
    expect(twiml).toMatch(/<Gather [^>]*numDigits="1"/);
    expect(twiml).toContain(`action="${GATEHOUSE_URL}/api/twilio/voice/${row.callToken}"`);
    expect(twiml).toMatch(/<Gather [^>]*method="POST"/);
    expect(twiml).toContain('Press any key');
    // The code is fetched only after the key press, so voicemail never hears it.
    expect(twiml).not.toContain(code);
    expect(twiml).not.toContain(spoken(code));
    expect(fake.twilioRequests('Messages')).toEqual([]);

    const stored = only(await messagesTo(phone.number));
    expect(stored).toMatchObject({ channel: 'VOICE', status: 'SENT', provider: 'twilio' });
    expect(stored.providerMessageId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(stored.providerMessageId).toBe(call.answer.sid);
    expect(stored.body).not.toContain(code);
    expect(stored.body).not.toContain(spoken(code));
    expect(stored.body).toContain('Your Gatehouse code is: ••••••.');

    const response = await keyPressRequest({ callToken: row.callToken, signature: validSignature(row.callToken) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const heard = await response.text();
    expect(heard.split(spoken(code))).toHaveLength(3);
    expect(heard).toContain('<Say');

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
    // Used: the webhook has nothing left to read out.
    const afterUse = await keyPressRequest({ callToken: row.callToken, signature: validSignature(row.callToken) });
    expect(afterUse.status).toBe(200);
    const heardAfterUse = await afterUse.text();
    expect(heardAfterUse).toContain('no longer valid');
    expect(heardAfterUse).not.toContain(spoken(code));
  });

  it('the voice webhook answers 403 and no code to a missing, wrong or replayed signature', async () => {
    const { phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'VOICE');
    const [row] = await codeRowsOf(login.id);
    if (!row?.sealedCode || !row.callToken) throw new Error('a call keeps its code sealed for the webhook');
    const code = decryptSecret({ sealed: row.sealedCode, boundTo: row.id });
    const otherToken = randomBytes(24).toString('base64url');

    const attempts = [
      { what: 'no signature', signature: null },
      { what: 'an empty signature', signature: '' },
      { what: 'garbage', signature: 'bm90IGEgc2lnbmF0dXJl' },
      {
        what: 'signed with another auth token',
        signature: getExpectedTwilioSignature('another-token', `${GATEHOUSE_URL}/api/twilio/voice/${row.callToken}`, {}),
      },
      { what: "another call's signature", signature: validSignature(otherToken) },
      { what: 'a signature for other parameters', signature: validSignature(row.callToken, '1'), digits: '2' },
    ];
    for (const attempt of attempts) {
      const response = await keyPressRequest({ callToken: row.callToken, signature: attempt.signature, digits: attempt.digits });
      expect(response.status, attempt.what).toBe(403);
      const text = await response.text();
      expect(text, attempt.what).toBe('Forbidden');
    }

    // Without an auth token configured nothing can be verified, so nothing is read out.
    env.set({ TWILIO_AUTH_TOKEN: undefined });
    const unverifiable = await keyPressRequest({ callToken: row.callToken, signature: validSignature(row.callToken) });
    expect(unverifiable.status).toBe(403);
    expect(await unverifiable.text()).not.toContain(spoken(code));
  });

  it('the voice webhook reads nothing for an unknown call or a superseded code', async () => {
    const { phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'VOICE');
    const [call] = await codeRowsOf(login.id);
    if (!call?.sealedCode || !call.callToken) throw new Error('a call keeps its code sealed for the webhook');
    const code = decryptSecret({ sealed: call.sealedCode, boundTo: call.id });
    await sendCode(login, phone, request, 'SMS');

    const superseded = await keyPressRequest({ callToken: call.callToken, signature: validSignature(call.callToken) });
    expect(superseded.status).toBe(200);
    const text = await superseded.text();
    expect(text).toContain('no longer valid');
    expect(text).not.toContain(spoken(code));

    const unknownToken = randomBytes(24).toString('base64url');
    const unknown = await keyPressRequest({ callToken: unknownToken, signature: validSignature(unknownToken) });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('no longer valid');
  });

  it('with only a Messaging Service (no caller number) a call fails as DELIVERY_FAILED and nothing is dialled', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    useTwilio({ TWILIO_FROM_NUMBER: undefined, TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID });
    const { user, phone, request, login } = await signInHalfWay(nextNumber);

    await expect(sendCode(login, phone, request, 'VOICE')).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    expect(fake.received).toEqual([]);
    expect(await codeRowsOf(login.id)).toEqual([]);
    expect(await allowanceUsed('send-account', user.id)).toBe(0);
  });
});

describe('a provider outage', () => {
  it.each(['SMS', 'VOICE'] as const)(
    '%s: the send fails as DELIVERY_FAILED, leaves no code, gives the allowance back, is audited, and a way in remains',
    async (channel) => {
      const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
      fake.setFailing(true);
      const { user, phone, request, login } = await signInHalfWay(nextNumber);

      const refusal = await refusalOf(sendCode(login, phone, request, channel));
      expect(refusal.code).toBe('DELIVERY_FAILED');
      expect(refusal.userMessage).toMatch(/authenticator app or a backup code/);

      // The provider got the request; its code must now be worthless and recorded nowhere.
      const providerRequest = only(fake.twilioRequests(channel === 'SMS' ? 'Messages' : 'Calls'));
      expect(await codeRowsOf(login.id)).toEqual([]);
      const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
      expect(options.sentCode).toBeNull();

      const stored = only(await messagesTo(phone.number));
      expect(stored).toMatchObject({ status: 'FAILED', provider: 'twilio', providerMessageId: null });
      expect(stored.error).toBeTruthy();

      expect(await allowanceUsed('send-destination', phone.number)).toBe(0);
      expect(await allowanceUsed('send-account', user.id)).toBe(0);
      expect(await allowanceUsed('send-ip', request.ip)).toBe(0);

      const failed = await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'code.send_failed' }, select: { detail: true, ip: true } });
      expect(failed).toEqual([
        { detail: { channel, purpose: 'SIGN_IN', to: `+131••••••${phone.number.slice(-2)}` }, ip: request.ip },
      ]);
      expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'code.sent' } })).toBe(0);

      if (channel === 'SMS') {
        const code = codeInText(providerRequest.form.Body);
        expect(stored.body).not.toContain(code);
        const logged = errorLog.mock.calls.map((call) => call.join(' ')).join('\n');
        expect(logged).toContain('failed through twilio');
        expect(logged).not.toContain(code);
        expect(logged).not.toContain(phone.number);
        await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).rejects.toMatchObject({
          code: 'SENT_CODE_NOT_FOUND',
        });
      } else {
        expect(providerRequest.form.Twiml).toContain('<Gather');
        // The call's script spells the code out; the failed record keeps none of it.
        expect(stored.body).not.toMatch(/\d, \d, \d, \d, \d, \d/);
        expect(stored.body).toContain('Your Gatehouse code is: ••••••.');
      }

      // A provider outage leaves a way in: a backup code on the same pending login.
      await expect(
        completeSignIn({ pendingLoginToken: login.token, code: ZSecondFactorCodeSchema.parse(user.firstBackupCode), request }),
      ).resolves.toMatchObject({ userId: user.id });
    },
  );

  it('after an outage the number still has its whole hourly allowance', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    useTwilio({ CODE_LIMIT_PER_DESTINATION_PER_HOUR: '5' });
    const { phone, request, login } = await signInHalfWay(nextNumber);

    fake.setFailing(true);
    await expect(sendCode(login, phone, request, 'SMS')).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    fake.setFailing(false);
    for (let send = 1; send <= 5; send++) await sendCode(login, phone, request, 'SMS');
    expect(await allowanceUsed('send-destination', phone.number)).toBe(5);

    const refusal = await refusalOf(sendCode(login, phone, request, 'SMS'));
    expect(refusal.code).toBe('SEND_LIMIT_NUMBER');
    expect(fake.twilioRequests('Messages')).toHaveLength(6);
  });

  it('an outage on a resend leaves the code already sent working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request, 'SMS');
    const first = codeInText(only(fake.twilioRequests('Messages')).form.Body);

    fake.setFailing(true);
    await expect(sendCode(login, phone, request, 'SMS')).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });

    const rows = await codeRowsOf(login.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.supersededAt).toBeNull();
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(first), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });
});

describe('e-mail codes through Resend', () => {
  function useResend() {
    env.set({ RESEND_API_KEY: RESEND_KEY, RESEND_BASE_URL: fake.url });
  }

  it('POSTs /emails with the code in the subject and text; the stored copy is SENT and redacted', async () => {
    useResend();
    const user = await createMfaUser();
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@example.test`);
    const request = testRequest();
    const login = await startSignIn(user, request);

    await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request });

    const sent = only(fake.received.filter((entry) => entry.path === '/emails'));
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe(`Bearer ${RESEND_KEY}`);
    expect(sent.json).toMatchObject({ to: alternate.address, from: 'Gatehouse <security@gatehouse.localhost>' });
    const code = /^Your Gatehouse code: (\d{6})$/.exec(String(sent.json.subject))?.[1];
    if (!code) throw new Error(`no code in the subject ${String(sent.json.subject)}`);
    expect(String(sent.json.text)).toContain(`Your Gatehouse code is ${code}.`);

    const stored = only(await messagesTo(alternate.address));
    expect(stored).toMatchObject({ channel: 'EMAIL', status: 'SENT', provider: 'resend', subject: 'Your Gatehouse code: ••••••' });
    expect(stored.providerMessageId).toMatch(/^fake-email-/);
    expect(stored.providerMessageId).toBe(sent.answer.id);
    expect(stored.body).not.toContain(code);
    expect(fake.twilioRequests('Messages')).toEqual([]);

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('a Resend outage fails as DELIVERY_FAILED with the allowance given back and a way in left', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    useResend();
    fake.setFailing(true);
    const user = await createMfaUser();
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@example.test`);
    const request = testRequest();
    const login = await startSignIn(user, request);

    await expect(sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request })).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
    });
    const sent = only(fake.received.filter((entry) => entry.path === '/emails'));
    const code = /(\d{6})$/.exec(String(sent.json.subject))?.[1] ?? '';

    expect(await codeRowsOf(login.id)).toEqual([]);
    const stored = only(await messagesTo(alternate.address));
    expect(stored).toMatchObject({ status: 'FAILED', provider: 'resend', subject: 'Your Gatehouse code: ••••••' });
    expect(stored.body).not.toContain(code);
    expect(await allowanceUsed('send-destination', alternate.address)).toBe(0);
    expect(await allowanceUsed('send-account', user.id)).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'code.send_failed' } })).toBe(1);

    await expect(
      completeSignIn({ pendingLoginToken: login.token, code: ZSecondFactorCodeSchema.parse(user.firstBackupCode), request }),
    ).resolves.toMatchObject({ userId: user.id });
  });
});
