import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { hashOneTimeCode, ONE_TIME_CODE_TTL_MS } from '@/lib/core/factor-kinds/codes/one-time-code';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { messageCode, otherThan } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { allowanceUsed } from '@/tests/support/limits';
import { countMessagesTo, latestMessageTo, readSentCode } from '@/tests/support/outbox';
import { codeRowsOf, sendCode, signInHalfWay, startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, addConfirmedPhone, createMfaUser, createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';

// Codes sent by text, call or e-mail at the token prompt (SECURITY.md "SMS, voice and e-mail
// codes"): 6 digits, 10 minutes, single use, bound to the sign-in that asked, stored hashed, and
// replaced by a resend that does not reset the failure count. No provider is configured here, so
// every message lands in the development outbox, where the tests read the code like a user would.

const nextNumber = phoneNumbers('212');
const env = envOverrides();

beforeAll(() => env.set(OUTBOX_BASELINE));
beforeEach(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

/** Sends again until the new code differs from `previous` (two equal codes are a one-in-a-million draw). */
async function resendDifferentCode(send: () => Promise<unknown>, destination: string, previous: string): Promise<string> {
  for (;;) {
    await send();
    const code = await readSentCode(destination, 'SMS');
    if (code !== previous) return code;
  }
}

async function pendingLoginFailures(id: string): Promise<number> {
  return (await prisma.pendingLogin.findUniqueOrThrow({ where: { id }, select: { failedAttempts: true } })).failedAttempts;
}

describe('a code sent by text at the token prompt', () => {
  it('goes to the phone, signs in once, and is refused the second time', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);

    const before = Date.now();
    const issued = await sendCode(login, phone, request);
    expect(issued).toMatchObject({ channel: 'SMS', destination: phone.number });
    expect(issued.expiresAt.getTime()).toBeGreaterThan(before);
    expect(issued.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + ONE_TIME_CODE_TTL_MS);

    const message = await latestMessageTo(phone.number, 'SMS');
    expect(message).toMatchObject({ status: 'STORED', provider: 'outbox' });
    const code = await readSentCode(phone.number, 'SMS');
    expect(code).toMatch(/^\d{6}$/);
    expect(message.body).toContain('It expires in 10 minutes');
    // The one-time-code line lets the phone offer the code only on this site.
    expect(message.body).toMatch(new RegExp(`\\n@localhost #${code}$`));

    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect(options.sentCode).toMatchObject({ channel: 'SMS', maskedDestination: '+121••••••' + phone.number.slice(-2) });

    const session = await completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request });
    expect(session.userId).toBe(user.id);
    const succeeded = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'sign_in.succeeded' }, select: { detail: true } });
    expect(succeeded.detail).toEqual({ method: 'sms' });
    const [row] = await codeRowsOf(login.id);
    expect(row?.consumedAt).toBeInstanceOf(Date);

    // The same code again: the login it belonged to is used up, and no other login accepts it.
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).rejects.toMatchObject({
      code: 'LOGIN_EXPIRED',
    });
    const second = await startSignIn(user, request);
    await expect(completeSignIn({ pendingLoginToken: second.token, code: messageCode(code), request })).rejects.toMatchObject({
      code: 'SENT_CODE_NOT_FOUND',
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('typed with a space in the middle, as people copy it, still signs in', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const code = await readSentCode(phone.number, 'SMS');

    const typed = `${code.slice(0, 3)} ${code.slice(3)}`;
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(typed), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('used by two parallel requests signs in exactly once', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const code = messageCode(await readSentCode(phone.number, 'SMS'));

    const outcomes = await Promise.allSettled([1, 2].map(() => completeSignIn({ pendingLoginToken: login.token, code, request })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [refused] = outcomes.filter((outcome) => outcome.status === 'rejected');
    // Which check stops the loser depends on how far the winner got: never a second session.
    expect(['SENT_CODE_ALREADY_USED', 'SENT_CODE_NOT_FOUND', 'LOGIN_EXPIRED']).toContain(refused?.reason?.code);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('is bound to the pending login that asked for it: it does not work on another sign-in of the same user', async () => {
    const user = await createMfaUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();
    const loginA = await startSignIn(user, request);
    const loginB = await startSignIn(user, request);

    await sendCode(loginA, phone, request);
    const codeA = await readSentCode(phone.number, 'SMS');
    const codeB = await resendDifferentCode(() => sendCode(loginB, phone, request), phone.number, codeA);

    await expect(completeSignIn({ pendingLoginToken: loginB.token, code: messageCode(codeA), request })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    // Each code still works where it was asked for.
    await expect(completeSignIn({ pendingLoginToken: loginA.token, code: messageCode(codeA), request })).resolves.toMatchObject({
      userId: user.id,
    });
    await expect(completeSignIn({ pendingLoginToken: loginB.token, code: messageCode(codeB), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('is refused with CODE_EXPIRED once its 10 minutes are over, and that counts as a failure', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const code = await readSentCode(phone.number, 'SMS');
    await prisma.oneTimeCode.updateMany({ where: { pendingLoginId: login.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).rejects.toMatchObject({
      code: 'CODE_EXPIRED',
    });
    expect(await countFailures(`sent_code:${user.id}`)).toBe(1);
    expect(await pendingLoginFailures(login.id)).toBe(1);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect(options.sentCode).toBeNull();
  });

  it('is replaced by a resend: the first code is refused, the second signs in', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const first = await readSentCode(phone.number, 'SMS');
    const second = await resendDifferentCode(() => sendCode(login, phone, request), phone.number, first);

    const rows = await codeRowsOf(login.id);
    expect(rows.at(0)?.supersededAt).toBeInstanceOf(Date);
    expect(rows.at(-1)?.supersededAt).toBeNull();

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(first), request })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(second), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('a resend does not reset the failure count, of the account or of the pending login', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const first = await readSentCode(phone.number, 'SMS');

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(otherThan(first)), request })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await countFailures(`sent_code:${user.id}`)).toBe(1);
    expect(await pendingLoginFailures(login.id)).toBe(1);

    await sendCode(login, phone, request);
    const second = await readSentCode(phone.number, 'SMS');
    expect(await countFailures(`sent_code:${user.id}`)).toBe(1);
    expect(await pendingLoginFailures(login.id)).toBe(1);

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(otherThan(second)), request })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await countFailures(`sent_code:${user.id}`)).toBe(2);
    expect(await pendingLoginFailures(login.id)).toBe(2);

    // Only a success clears the count.
    await completeSignIn({ pendingLoginToken: login.token, code: messageCode(second), request });
    expect(await countFailures(`sent_code:${user.id}`)).toBe(0);
  });

  it('a second send within the wait is refused with RESEND_TOO_SOON and sends nothing', async () => {
    env.set({ CODE_RESEND_WAIT_SECONDS: '30' });
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const code = await readSentCode(phone.number, 'SMS');

    const refusal = await refusalOf(sendCode(login, phone, request));
    expect(refusal.code).toBe('RESEND_TOO_SOON');
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(refusal.userMessage).toMatch(/You can try again in \d+ seconds?\./);

    expect(await countMessagesTo(phone.number)).toBe(1);
    expect(await codeRowsOf(login.id)).toHaveLength(1);
    expect(await allowanceUsed('send-destination', phone.number)).toBe(1);
    expect(await allowanceUsed('send-account', user.id)).toBe(1);
    // The code already sent is still the live one.
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it('is refused for an unknown or used-up pending login', async () => {
    const { phone, request } = await signInHalfWay(nextNumber);
    await expect(
      sendSignInCode({ pendingLoginToken: 'not-a-pending-login', target: { channel: 'SMS', phoneId: phone.id }, request }),
    ).rejects.toMatchObject({ code: 'LOGIN_EXPIRED' });
    await expect(sendSignInCode({ pendingLoginToken: null, target: { channel: 'SMS', phoneId: phone.id }, request })).rejects.toMatchObject({
      code: 'LOGIN_EXPIRED',
    });
    expect(await countMessagesTo(phone.number)).toBe(0);
  });
});

describe('where codes may go', () => {
  it("goes only to the user's own confirmed phones: another user's phone id is METHOD_NOT_AVAILABLE", async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    const someoneElse = await createMfaUser();
    const theirPhone = await addConfirmedPhone(someoneElse.id, nextNumber());

    for (const channel of ['SMS', 'VOICE'] as const) {
      await expect(
        sendSignInCode({ pendingLoginToken: login.token, target: { channel, phoneId: theirPhone.id }, request }),
      ).rejects.toMatchObject({ code: 'METHOD_NOT_AVAILABLE' });
    }
    await expect(
      sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'SMS', phoneId: randomUUID() }, request }),
    ).rejects.toMatchObject({ code: 'METHOD_NOT_AVAILABLE' });

    expect(await countMessagesTo(theirPhone.number)).toBe(0);
    expect(await codeRowsOf(login.id)).toEqual([]);
    expect(await allowanceUsed('send-account', user.id)).toBe(0);

    // The prompt offers only this user's phone.
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect([...new Set(options.offered.flatMap((offered) => (offered.phoneId ? [offered.phoneId] : [])))]).toEqual([phone.id]);
  });

  it('sends no e-mail code to a user without a confirmed alternate address', async () => {
    const { user, request, login } = await signInHalfWay(nextNumber);
    await expect(sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request })).rejects.toMatchObject({
      code: 'METHOD_NOT_AVAILABLE',
    });
    expect(await countMessagesTo(user.email)).toBe(0);
    expect(await codeRowsOf(login.id)).toEqual([]);
  });

  it('an e-mail code to the alternate address signs in, and never goes to the mailbox itself', async () => {
    // Codes may stand alone only when the platform says so; here the app is there as well.
    const user = await createMfaUser();
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@example.test`);
    const request = testRequest();
    const login = await startSignIn(user, request);

    const issued = await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request });
    expect(issued).toMatchObject({ channel: 'EMAIL', destination: alternate.address });
    const message = await latestMessageTo(alternate.address, 'EMAIL');
    const code = await readSentCode(alternate.address, 'EMAIL');
    expect(message.body).toContain(`Your Gatehouse code is ${code}.`);
    expect(message.body).toMatch(/If you did not try to sign in/);
    expect(await countMessagesTo(user.email)).toBe(0);

    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: user.id } });
    expect(options.sentCode).toMatchObject({ channel: 'EMAIL', maskedDestination: 'a•••@example.test' });

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
    const succeeded = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'sign_in.succeeded' }, select: { detail: true } });
    expect(succeeded.detail).toEqual({ method: 'email' });
  });

  it('a user whose only factor is a phone signs in with a text code', async () => {
    const user = await createTestUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();
    const login = await startSignIn(user, request);
    await sendCode(login, phone, request);
    const code = await readSentCode(phone.number, 'SMS');
    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
  });
});

describe('how codes are stored', () => {
  it('a text code is kept only as an HMAC bound to its row: no column holds the code', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    await sendCode(login, phone, request);
    const code = await readSentCode(phone.number, 'SMS');

    const [row] = await codeRowsOf(login.id);
    if (!row) throw new Error('the send wrote a code row');
    expect(row.codeHash).not.toBe(code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).toBe(hashOneTimeCode({ id: row.id, code }));
    // Named by its row: the same code under another id hashes differently.
    expect(hashOneTimeCode({ id: randomUUID(), code })).not.toBe(row.codeHash);
    expect(row.sealedCode).toBeNull();
    expect(row.callToken).toBeNull();

    const [whole] = await prisma.$queryRaw<{ json: string }[]>`SELECT row_to_json(c)::text AS json FROM "OneTimeCode" c WHERE id = ${row.id}::uuid`;
    expect(whole?.json).toBeDefined();
    expect(whole?.json).not.toContain(code);

    // Nor is it in any audit row.
    await completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request });
    const audit = await prisma.auditEvent.findMany({ where: { userId: user.id }, select: { detail: true } });
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it('a call reads the digits one by one, twice, after a key press; its sealed code is cleared once used', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    const issued = await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'VOICE', phoneId: phone.id }, request });
    expect(issued.channel).toBe('VOICE');

    const script = await latestMessageTo(phone.number, 'VOICE');
    const code = await readSentCode(phone.number, 'VOICE');
    const spoken = code.split('').join(', ');
    expect(script.body.indexOf('Press any key')).toBeGreaterThan(-1);
    expect(script.body.indexOf('Press any key')).toBeLessThan(script.body.indexOf(spoken));
    expect(script.body.split(spoken)).toHaveLength(3);

    const [row] = await codeRowsOf(login.id);
    if (!row?.sealedCode) throw new Error('a call keeps its code sealed until the webhook reads it');
    expect(row.codeHash).toBe(hashOneTimeCode({ id: row.id, code }));
    expect(row.sealedCode).not.toContain(code);
    expect(row.callToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(decryptSecret({ sealed: row.sealedCode, boundTo: row.id })).toBe(code);
    // Sealed to its row: moved to another row it does not open.
    expect(() => decryptSecret({ sealed: row.sealedCode as string, boundTo: randomUUID() })).toThrow();

    await expect(completeSignIn({ pendingLoginToken: login.token, code: messageCode(code), request })).resolves.toMatchObject({
      userId: user.id,
    });
    const [used] = await codeRowsOf(login.id);
    expect(used?.consumedAt).toBeInstanceOf(Date);
    expect(used?.sealedCode).toBeNull();
    const succeeded = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'sign_in.succeeded' }, select: { detail: true } });
    expect(succeeded.detail).toEqual({ method: 'voice' });
  });

  it("a resend clears the superseded call's sealed code", async () => {
    const { phone, request, login } = await signInHalfWay(nextNumber);
    await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'VOICE', phoneId: phone.id }, request });
    await sendCode(login, phone, request);

    const [call, text] = await codeRowsOf(login.id);
    expect(call?.supersededAt).toBeInstanceOf(Date);
    expect(call?.sealedCode).toBeNull();
    expect(text?.supersededAt).toBeNull();
  });
});
