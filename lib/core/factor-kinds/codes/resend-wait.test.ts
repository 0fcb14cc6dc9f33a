import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { prisma } from '@/lib/db/prisma';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { removePhone } from '@/lib/phones/remove-phone';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { countMessagesTo, readSentCode } from '@/tests/support/outbox';
import { codeRowsOf, sendCode, signInHalfWay } from '@/tests/support/sign-in';
import { addConfirmedPhone, createMfaUser, currentSessionFor, phoneNumbers, selfActorFor, testRequest } from '@/tests/support/users';

// The wait between codes (CODE_RESEND_WAIT_SECONDS) is taken and recorded in one statement, so two
// sends racing make one code; and it is per destination, lasting only while the last code sent
// there is unused: a user who just confirmed one phone adds the next at once.

const nextNumber = phoneNumbers('646');
const env = envOverrides();
beforeEach(() => env.set({ ...OUTBOX_BASELINE, CODE_RESEND_WAIT_SECONDS: '30' }));
afterAll(() => env.restore());

async function owner() {
  const user = await createMfaUser();
  const current = await currentSessionFor(user, { secondFactorAt: new Date() });
  const request = testRequest();
  const actor = selfActor(current, request);
  const addPhone = (number: string) => startPhoneVerification({ actor, userId: user.id, country: 'US', number, channel: 'SMS', code: null });
  return { user, actor, request, addPhone };
}

describe('the wait between codes', () => {
  it('lets exactly one of two racing sends at the token prompt make a code', async () => {
    const { phone, request, login } = await signInHalfWay(nextNumber);
    const results = await Promise.allSettled([sendCode(login, phone, request), sendCode(login, phone, request)]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'RESEND_TOO_SOON' });
    expect(await codeRowsOf(login.id)).toHaveLength(1);
    expect(await countMessagesTo(phone.number)).toBe(1);
  });

  it('lets exactly one of two racing verifications of one number make a code', async () => {
    const { user, addPhone } = await owner();
    const number = nextNumber();
    const results = await Promise.allSettled([addPhone(number), addPhone(number)]);

    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await prisma.oneTimeCode.count({ where: { userId: user.id, purpose: 'VERIFY_PHONE' } })).toBe(1);
    expect(await countMessagesTo(number)).toBe(1);
  });

  it('lets a user who just confirmed one backup phone add a second at once', async () => {
    const { user, request, addPhone } = await owner();
    const first = nextNumber();
    await addPhone(first);
    await confirmPhone({ actor: await selfActorFor(user, { request }), userId: user.id, code: await readSentCode(first, 'SMS') });

    const second = nextNumber();
    await expect(addPhone(second)).resolves.toMatchObject({ destination: second });
    expect(await countMessagesTo(second)).toBe(1);
  });

  it('counts per number while its code is unused: another number goes at once, the same one waits', async () => {
    const { addPhone } = await owner();
    const [first, second] = [nextNumber(), nextNumber()];
    await addPhone(first);

    await expect(addPhone(second)).resolves.toMatchObject({ destination: second });
    const refusal = await refusalOf(addPhone(first));
    expect(refusal.code).toBe('RESEND_TOO_SOON');
    expect(refusal.userMessage).toMatch(/^A code was sent moments ago\. Please wait before asking for another\. You can try again in \d+ seconds?\.$/);
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await countMessagesTo(first)).toBe(1);
  });

  it('ends with the code: a number confirmed, removed and added again gets its code at once', async () => {
    const { user, actor, request, addPhone } = await owner();
    const number = nextNumber();
    await addPhone(number);
    await confirmPhone({ actor: await selfActorFor(user, { request }), userId: user.id, code: await readSentCode(number, 'SMS') });
    const phone = await prisma.phone.findFirstOrThrow({ where: { userId: user.id, number }, select: { id: true } });
    await removePhone({ actor, userId: user.id, phoneId: phone.id, code: null });

    await expect(addPhone(number)).resolves.toMatchObject({ destination: number });
    expect(await countMessagesTo(number)).toBe(2);
  });

  it('at the token prompt, lets the code go to the second phone at once but not to the first again', async () => {
    const { user, phone, request, login } = await signInHalfWay(nextNumber);
    const other = await addConfirmedPhone(user.id, nextNumber());
    await sendCode(login, phone, request);

    await expect(sendCode(login, other, request)).resolves.toMatchObject({ destination: other.number });
    expect((await refusalOf(sendCode(login, phone, request))).code).toBe('RESEND_TOO_SOON');
  });
});
