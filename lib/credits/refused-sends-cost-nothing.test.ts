import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closePgPool } from '@/lib/db/pg-pool';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { allowanceUsed } from '@/tests/support/limits';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { inOwnDatabase } from '@/tests/support/own-database';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { phoneNumbers, testRequest } from '@/tests/support/users';

// SECURITY.md "SMS, voice and e-mail codes": toll-fraud limits before any provider call; countries
// outside the allow-list are refused; nothing is debited for a refused send. Each refusal below
// leaves a member's pool exactly as it was: no balance change and no ledger row.

const nextNumber = phoneNumbers('417');
const env = envOverrides();
// Its own database: the per-country allowance it exhausts must not be the one other files send from.
inOwnDatabase('gh_refused_sends');

beforeEach(() => env.set({ ...OUTBOX_BASELINE }));
afterEach(() => env.restore());
// Before the database goes: the soft-state pool was opened on it.
afterAll(() => closePgPool());

async function memberWithPool(credits = 7) {
  const { organisation, members } = await createTestOrganisation({ nextNumber, credits });
  const [member] = members;
  if (!member) throw new Error('one member');
  return { organisation, member };
}

async function expectPoolUntouched(organisationId: string, credits: number, debits = 0) {
  const pool = await poolOf(organisationId);
  expect(pool.balance).toBe(credits - debits);
  expect(pool.count('DEBIT')).toBe(debits);
  expect(pool.count('REFUND')).toBe(0);
}

describe('a refused send debits nothing', () => {
  it('a country outside the allow-list', async () => {
    env.set({ SMS_ALLOWED_COUNTRIES: 'GB,IE' });
    const { organisation, member } = await memberWithPool();
    const request = testRequest();
    await expectAppError(sendCode(await startSignIn(member, request), member.phone, request), 'COUNTRY_NOT_ALLOWED');
    await expectAppError(sendCode(await startSignIn(member, request), member.phone, request, 'VOICE'), 'COUNTRY_NOT_ALLOWED');
    await expectPoolUntouched(organisation.id, 7);
  });

  it.each([
    ['the number', 'CODE_LIMIT_PER_DESTINATION_PER_HOUR', 'SEND_LIMIT_NUMBER'],
    ['the account', 'CODE_LIMIT_PER_ACCOUNT_PER_HOUR', 'SEND_LIMIT_ACCOUNT'],
    ['the address', 'CODE_LIMIT_PER_IP_PER_HOUR', 'SEND_LIMIT_NETWORK'],
  ] as const)('the hourly limit of %s reached', async (_what, setting, refusal) => {
    env.set({ [setting]: '2' });
    const { organisation, member } = await memberWithPool();
    const request = testRequest();
    const login = await startSignIn(member, request);
    await sendCode(login, member.phone, request);
    await sendCode(login, member.phone, request);
    await expectAppError(sendCode(login, member.phone, request), refusal);
    await expectAppError(sendCode(login, member.phone, request, 'VOICE'), refusal);
    // The two sends that went out paid; the refusals nothing.
    await expectPoolUntouched(organisation.id, 7, 2);
  });

  it('the hourly limit of the country prefix reached', async () => {
    const { organisation, member } = await memberWithPool();
    // Earlier tests of this file sent to +1 numbers too: one more send is all the prefix has left.
    env.set({ CODE_LIMIT_PER_COUNTRY_PER_HOUR: String((await allowanceUsed('send-country', '+1')) + 1) });
    const request = testRequest();
    const login = await startSignIn(member, request);
    await sendCode(login, member.phone, request);
    await expectAppError(sendCode(login, member.phone, request), 'SEND_LIMIT_COUNTRY');
    await expectPoolUntouched(organisation.id, 7, 1);
  });

  it('a resend before the wait is over', async () => {
    env.set({ CODE_RESEND_WAIT_SECONDS: '60' });
    const { organisation, member } = await memberWithPool();
    const request = testRequest();
    const login = await startSignIn(member, request);
    await sendCode(login, member.phone, request);
    await expectAppError(sendCode(login, member.phone, request), 'RESEND_TOO_SOON');
    await expectPoolUntouched(organisation.id, 7, 1);
  });
});
