import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { fulfilCreditPurchase } from '@/lib/credits/fulfil-credit-purchase';
import { ledgerActor } from '@/lib/credits/ledger-actor';
import { reserveSmsCredits } from '@/lib/credits/reserve-sms-credits';
import { closePgPool } from '@/lib/db/pg-pool';
import { prisma } from '@/lib/db/prisma';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { inOwnDatabase } from '@/tests/support/own-database';
import { phoneNumbers, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// SECURITY.md "Money": every money row commits durably, never on a connection with
// synchronous_commit = off. The database itself checks it here: a deferred trigger runs at each
// commit that wrote a ledger row or changed a balance and reads the setting in force in that very
// transaction, on whichever connection the verb used, and refuses the commit if it was off. So
// every money verb below fails if any of its rows would commit asynchronously.

const nextNumber = phoneNumbers('319');
// The trigger is this file's own: other files keep the database as the migrations leave it.
inOwnDatabase('gh_durable');

beforeAll(async () => {
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION money_must_commit_durably() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('synchronous_commit') = 'off' THEN
        RAISE EXCEPTION 'money committed with synchronous_commit off (%)', TG_TABLE_NAME;
      END IF;
      RETURN NULL;
    END $$`);
  await prisma.$executeRawUnsafe(`
    CREATE CONSTRAINT TRIGGER ledger_commits_durably AFTER INSERT OR UPDATE ON "CreditLedgerEntry"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_must_commit_durably()`);
  await prisma.$executeRawUnsafe(`
    CREATE CONSTRAINT TRIGGER balance_commits_durably AFTER UPDATE OF "creditBalance" ON "Organisation"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION money_must_commit_durably()`);
});

// Before the database goes: the soft-state pool was opened on it.
afterAll(() => closePgPool());

const visitor = () => ({ kind: 'visitor' as const, request: testRequest() });

describe('money commits durably', () => {
  it('the check bites: a balance change on a connection with synchronous_commit off is refused at commit', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber, credits: 5 });
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, options: '-c synchronous_commit=off' });
    await client.connect();
    try {
      await expect(client.query(`UPDATE "Organisation" SET "creditBalance" = 4 WHERE "id" = $1::uuid`, [organisation.id])).rejects.toThrow(
        /synchronous_commit off/,
      );
    } finally {
      await client.end();
    }
    expect((await poolOf(organisation.id)).balance).toBe(5);
  });

  it('a debit and its refund', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 10 });
    const [member] = members;
    if (!member) throw new Error('one member');
    const reservation = await reserveSmsCredits({ actor: visitor(), userId: member.id, channel: 'SMS' });
    expect((await poolOf(organisation.id)).balance).toBe(9);
    await reservation.refund();
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(10);
    expect([pool.count('DEBIT'), pool.count('REFUND')]).toEqual([1, 1]);
  });

  it('debits that arrive together, committed as one group, each durably and exactly', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, memberCount: 4, credits: 150 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => reserveSmsCredits({ actor: visitor(), userId: (members[i % members.length] as { id: string }).id, channel: 'SMS' })),
    );
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
    expect(outcomes.length - refusals.length).toBe(150);
    expect(new Set(refusals)).toEqual(new Set(['SMS_CREDITS_EMPTY']));
    const pool = await poolOf(organisation.id);
    expect(pool.balance).toBe(0);
    expect(pool.count('DEBIT')).toBe(150);
  });

  it('a purchase', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber, credits: 0 });
    const result = await fulfilCreditPurchase({
      organisationId: organisation.id,
      pack: { id: '100', credits: 100, amountCents: 500 },
      checkoutSessionId: `cs_test_${randomUUID()}`,
      eventId: `evt_${randomUUID()}`,
      amountCents: 500,
      currency: 'usd',
      payer: ledgerActor(TEST_CONSOLE),
      isTest: true,
    });
    expect(result).toEqual({ granted: true, balance: 100 });
  });

  it('an adjustment', async () => {
    const { organisation } = await createTestOrganisation({ nextNumber, credits: 3 });
    await expect(adjustCredits({ actor: TEST_CONSOLE, organisationId: organisation.id, credits: -2, reason: 'A charge reversed outside Gatehouse' })).resolves.toEqual({
      balance: 1,
    });
  });
});
