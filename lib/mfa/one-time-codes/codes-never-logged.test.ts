import { randomBytes, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as voiceWebhook } from '@/app/api/twilio/voice/[callToken]/route';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { getTotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { startFakeTwilioAndResend } from '@/tests/support/fake-providers';
import { readSentCode } from '@/tests/support/outbox';
import { codeRowsOf, sendCode, startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, addConfirmedPhone, createMfaUser, createTestUser, phoneNumbers, selfActorFor, testRequest } from '@/tests/support/users';

// SECURITY.md: never log codes or secrets. Everything the verbs print while codes are sent (to the
// outbox, through the providers, and through providers that fail), a call reads its code out,
// backup codes are made and an authenticator's secret is created is captured, and no code or
// secret may appear in it.

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const GATEHOUSE_URL = 'http://localhost:3000';
const nextNumber = phoneNumbers('516');
const env = envOverrides();
let fake: Awaited<ReturnType<typeof startFakeTwilioAndResend>>;

const printed: string[] = [];

beforeAll(async () => {
  fake = await startFakeTwilioAndResend({ accountSid: ACCOUNT_SID });
});

beforeEach(() => {
  printed.length = 0;
  fake.setFailing(false);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  env.restore();
});

afterAll(async () => {
  env.restore();
  await fake.close();
});

function useOutbox() {
  env.set({ ...OUTBOX_BASELINE, GATEHOUSE_URL });
}

function useProviders() {
  env.set({
    GATEHOUSE_URL,
    CODE_RESEND_WAIT_SECONDS: '0',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_MESSAGING_SERVICE_SID: undefined,
    TWILIO_BASE_URL: fake.url,
    RESEND_API_KEY: 're_test_0123456789abcdef',
    RESEND_BASE_URL: fake.url,
  });
}

function expectNotPrinted(secrets: string[]) {
  const output = printed.join('\n');
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThanOrEqual(6);
    expect(output, `printed: ${secret}`).not.toContain(secret);
  }
}

async function memberHalfWay() {
  const user = await createMfaUser();
  const phone = await addConfirmedPhone(user.id, nextNumber());
  const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@example.test`);
  const request = testRequest();
  const login = await startSignIn(user, request);
  return { user, phone, alternate, request, login };
}

function codeIn(text: unknown): string {
  const digits = /(\d)[, ]*(\d)[, ]*(\d)[, ]*(\d)[, ]*(\d)[, ]*(\d)/.exec(String(text));
  if (!digits) throw new Error(`no code in ${String(text)}`);
  return digits.slice(1, 7).join('');
}

describe('no code or secret is ever printed', () => {
  it('the capture sees what the process prints', () => {
    console.error('probe 123456');
    process.stderr.write('probe 654321\n');
    expect(printed.join('\n')).toContain('123456');
    expect(printed.join('\n')).toContain('654321');
  });

  it('text, call and e-mail codes in development (the outbox)', async () => {
    useOutbox();
    const { phone, alternate, request, login } = await memberHalfWay();
    await sendCode(login, phone, request, 'SMS');
    const sms = await readSentCode(phone.number, 'SMS');
    await sendCode(login, phone, request, 'VOICE');
    const voice = await readSentCode(phone.number, 'VOICE');
    await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request });
    const email = await readSentCode(alternate.address, 'EMAIL');
    expectNotPrinted([sms, voice, email]);
  });

  it('text, call and e-mail codes through Twilio and Resend, and the call webhook that reads the code out', async () => {
    useProviders();
    const { phone, request, login } = await memberHalfWay();
    await sendCode(login, phone, request, 'SMS');
    const sms = codeIn(fake.twilioRequests('Messages').at(-1)?.form.Body);
    await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request });
    const email = codeIn(fake.received.filter((entry) => entry.path === '/emails').at(-1)?.json.text);
    await sendCode(login, phone, request, 'VOICE');
    const call = (await codeRowsOf(login.id)).find((row) => row.callToken && row.sealedCode);
    if (!call?.callToken || !call.sealedCode) throw new Error('a call keeps its code sealed for the webhook');
    const voice = decryptSecret({ sealed: call.sealedCode, boundTo: call.id });
    const params = { AccountSid: ACCOUNT_SID, CallSid: `CA${'0'.repeat(32)}`, Digits: '5' };
    const url = `${GATEHOUSE_URL}/api/twilio/voice/${call.callToken}`;
    const response = await voiceWebhook(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
        body: new URLSearchParams(params),
      }),
      { params: Promise.resolve({ callToken: call.callToken }) },
    );
    expect(codeIn(await response.text())).toBe(voice);
    expectNotPrinted([sms, email, voice]);
  });

  it('text and e-mail codes whose provider fails (the failure is logged, the code is not)', async () => {
    useProviders();
    fake.setFailing(true);
    const { phone, request, login } = await memberHalfWay();
    await expect(sendCode(login, phone, request, 'SMS')).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    const sms = codeIn(fake.twilioRequests('Messages').at(-1)?.form.Body);
    await expect(sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request })).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    const email = codeIn(fake.received.filter((entry) => entry.path === '/emails').at(-1)?.json.text);
    expect(printed.length).toBeGreaterThan(0);
    expectNotPrinted([sms, email]);
  });

  it('backup codes and an authenticator secret', async () => {
    useOutbox();
    const user = await createMfaUser();
    const backupCodes = await createNewBackupCodes({ actor: await selfActorFor(user), userId: user.id, code: totpCode(user.totpSecret) });
    expect(backupCodes.length).toBeGreaterThan(0);

    const newcomer = await createTestUser();
    await startTotpEnrolment({ actor: await selfActorFor(newcomer), userId: newcomer.id });
    const enrolment = await getTotpEnrolment({ user: newcomer });
    if (!enrolment) throw new Error('an enrolment was started');
    const secret = enrolment.groupedSecret.replaceAll(' ', '');
    expectNotPrinted([...backupCodes, ...backupCodes.map((code) => code.replaceAll('-', '')), secret, enrolment.groupedSecret, user.totpSecret]);
  });
});
