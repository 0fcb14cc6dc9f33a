import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debitCredits, refundDebit } from '@/lib/credits/debit-credits';
import { closePgPool, getPgPool } from '@/lib/db/pg-pool';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { startFakeTwilioAndResend } from '@/tests/support/fake-providers';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { inOwnDatabase } from '@/tests/support/own-database';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { phoneNumbers, testRequest } from '@/tests/support/users';

// SECURITY.md "Money": a unique key per external event, so a retried webhook or a retried send
// never counts twice. A send is paid once for each message that went out: a retry after a failed
// send pays once in all, a retried or repeated refund of the same debit gives it back once, and a
// send repeated before the wait between sends is over is refused without a debit.

const nextNumber = phoneNumbers('418');
const env = envOverrides();
inOwnDatabase('gh_retried_sends');

beforeEach(() => env.set({ ...OUTBOX_BASELINE }));
afterEach(() => env.restore());
// Before the database goes: the soft-state pool was opened on it.
afterAll(() => closePgPool());

async function memberWithPool(credits: number) {
  const { organisation, members } = await createTestOrganisation({ nextNumber, credits });
  const [member] = members;
  if (!member) throw new Error('one member');
  return { organisation, member };
}

describe('a retried send is paid once', () => {
  it('a send that failed at the provider, then retried successfully, costs one credit in all', async () => {
    const accountSid = `AC${'d'.repeat(32)}`;
    const twilio = await startFakeTwilioAndResend({ accountSid });
    try {
      env.set({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: 'test-token', TWILIO_FROM_NUMBER: '+15005550006', TWILIO_BASE_URL: twilio.url });
      const { organisation, member } = await memberWithPool(5);
      const request = testRequest();
      const login = await startSignIn(member, request);
      twilio.setFailing(true);
      await expect(sendCode(login, member.phone, request)).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
      twilio.setFailing(false);
      await sendCode(login, member.phone, request);
      expect(twilio.twilioRequests('Messages')).toHaveLength(2);
      const pool = await poolOf(organisation.id);
      expect(pool.balance).toBe(4);
      expect(pool.ledger.map((row) => [row.kind, row.credits])).toEqual([
        ['DEBIT', -1],
        ['REFUND', 1],
        ['DEBIT', -1],
      ]);
    } finally {
      await twilio.close();
    }
  });

  it('the refund of one debit, retried many times at once, gives it back once', async () => {
    const { organisation, member } = await memberWithPool(5);
    const request = testRequest();
    await sendCode(await startSignIn(member, request), member.phone, request);
    const [debit] = (await poolOf(organisation.id)).ledger;
    if (debit?.kind !== 'DEBIT') throw new Error('one debit');
    await Promise.all(Array.from({ length: 8 }, () => refundDebit({ debitId: debit.id })));
    await refundDebit({ debitId: debit.id });
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(5);
    expect(pool.count('REFUND')).toBe(1);
  });

  it('the same send posted twice before the wait is over is paid once', async () => {
    env.set({ CODE_RESEND_WAIT_SECONDS: '60' });
    const { organisation, member } = await memberWithPool(5);
    const request = testRequest();
    const login = await startSignIn(member, request);
    await sendCode(login, member.phone, request);
    await expect(sendCode(login, member.phone, request)).rejects.toMatchObject({ code: 'RESEND_TOO_SOON' });
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(4);
    expect(pool.count('DEBIT')).toBe(1);
  });
});

describe('a debit whose commit answer was lost', () => {
  it('is retried without being paid twice: the retry finds the row the first try committed', async () => {
    const { organisation, member } = await memberWithPool(5);
    const pool = getPgPool();
    const connect = pool.connect.bind(pool);
    let isAnswerLost = true;
    // The server commits, then the connection breaks before its answer arrives: the client cannot
    // tell whether the debit happened, so the verb retries it.
    const spy = vi.spyOn(pool, 'connect').mockImplementation((async () => {
      const client = await connect();
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
        const result = await query(...args);
        if (args[0] === 'COMMIT' && isAnswerLost) {
          isAnswerLost = false;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      };
      return client;
    }) as typeof pool.connect);
    try {
      const debit = await debitCredits({ memberId: member.id, channel: 'SMS', cost: 1, by: { actorKind: 'SELF', actorId: member.id, operator: null } });
      expect(debit).toMatchObject({ organisationId: organisation.id, balance: 4 });
    } finally {
      spy.mockRestore();
    }
    expect(isAnswerLost).toBe(false);
    const after = await poolOf(organisation.id);
    expect(after.balance).toBe(4);
    expect(after.count('DEBIT')).toBe(1);
  });
});
