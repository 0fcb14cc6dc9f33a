import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Channel, ActorKind } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { prisma } from '@/lib/db/prisma';

/** A debit taken: from an organisation's pool (organisationId) or from a mailbox's own (poolUserId). */
export type Debit = { entryId: string; organisationId: string | null; poolUserId: string | null; balance: number; lastPurchaseCredits: number | null };

type DebitRequest = {
  /** The mailbox whose code it pays for: the pool is its organisation's, or its own (see DEBIT_SQL). */
  memberId: string;
  channel: Channel;
  cost: number;
  by: { actorKind: ActorKind; actorId: string | null; operator: string | null };
};
// The ledger row's id is chosen here, before the first try: a retry after a commit whose answer was
// lost finds the row the first try wrote instead of debiting again.
type Waiting = DebitRequest & { entryId: string; resolve: (debit: Debit | null) => void; reject: (error: unknown) => void };

// The balance change and its DEBIT row in one statement, so they commit together, and
// conditional (`where creditBalance >= cost`), so no number of concurrent sends can overdraw the
// pool (the CHECK constraints would refuse it anyway). Which pool pays is decided in the same
// statement (smsPayerOf asks the same question for the prompt): a member's organisation, when it
// allows SMS logins; a mailbox in no organisation, its own PersonalCreditPool when its brand has
// mailboxes pay for texts. At most one of the two updates can match (the NOT EXISTS). No row when
// the platform pays, the pool holds too little or the organisation does not allow SMS logins;
// nothing is written then.
const DEBIT_SQL = `WITH organisation_debited AS (
   UPDATE "Organisation" o
      SET "creditBalance" = o."creditBalance" - $2, "updatedAt" = now()
     FROM "OrganisationMember" m
    WHERE m."userId" = $1::uuid AND o."id" = m."organisationId" AND o."allowSmsLogins" AND o."creditBalance" >= $2
   RETURNING o."id", o."creditBalance", o."lastPurchaseCredits"
 ), personal_debited AS (
   UPDATE "PersonalCreditPool" p
      SET "creditBalance" = p."creditBalance" - $2, "updatedAt" = now()
     FROM "User" u JOIN "Brand" b ON b."id" = u."brandId"
    WHERE p."userId" = $1::uuid AND u."id" = p."userId" AND b."textsPaidBy" = 'MAILBOX' AND p."creditBalance" >= $2
      AND NOT EXISTS (SELECT 1 FROM "OrganisationMember" m WHERE m."userId" = $1::uuid)
   RETURNING p."userId", p."creditBalance", p."lastPurchaseCredits"
 ), debited AS (
   SELECT "id" AS "organisationId", NULL::uuid AS "poolUserId", "creditBalance", "lastPurchaseCredits" FROM organisation_debited
   UNION ALL
   SELECT NULL::uuid, "userId", "creditBalance", "lastPurchaseCredits" FROM personal_debited
 ), entry AS (
   INSERT INTO "CreditLedgerEntry" ("id", "organisationId", "poolUserId", "kind", "credits", "balanceAfter", "memberId", "channel", "actorKind", "actorId", "operator")
   SELECT $7::uuid, "organisationId", "poolUserId", 'DEBIT'::"CreditEntryKind", -$2::integer, "creditBalance", $1::uuid, $3::"Channel", $4::"ActorKind", $5::uuid, $6
     FROM debited
   RETURNING "id"
 )
 SELECT entry."id" AS "entryId", debited."organisationId", debited."poolUserId", debited."creditBalance" AS "balance",
        debited."lastPurchaseCredits" AS "lastPurchaseCredits"
   FROM debited, entry`;

/** Debits that arrive while a batch commits wait for the next one; this many at most per commit. */
const MAX_DEBITS_PER_COMMIT = 100;
const waiting: Waiting[] = [];
let isCommitting = false;

/**
 * Takes `cost` credits from the pool that pays for the mailbox's texts (see DEBIT_SQL); null when
 * nothing was taken. Money commits durably: the debit is not reported until its WAL is on disk, so
 * a crash of the database server cannot lose it after the text went out.
 *
 * A durable commit waits for a disk flush while it holds the organisation's row lock, which would
 * limit one pool to one debit per flush. So debits are group-committed: the first one commits at
 * once, and those that arrive meanwhile go together in the next transaction, one statement each
 * and one flush for all (npm run bench, figure 8). Each statement is as conditional as alone, so a
 * batch changes nothing about overdrafts or ordering.
 */
export function debitCredits(request: DebitRequest): Promise<Debit | null> {
  return new Promise((resolve, reject) => {
    waiting.push({ ...request, entryId: randomUUID(), resolve, reject });
    if (!isCommitting) void commitWaiting();
  });
}

async function commitWaiting(): Promise<void> {
  isCommitting = true;
  try {
    while (waiting.length > 0) await commitBatch(waiting.splice(0, MAX_DEBITS_PER_COMMIT));
  } finally {
    isCommitting = false;
  }
}

async function commitBatch(batch: Waiting[]): Promise<void> {
  try {
    const debits = await inDurableTransaction((client) => sequentially(batch, (request) => debitOn(client, request)));
    batch.forEach((request, index) => request.resolve(debits[index] ?? null));
  } catch {
    // One statement failed and took its batch down with it, or the commit's answer was lost (the
    // connection broke after the server committed): each goes again alone, so one bad request fails
    // only itself, and one whose row is already there is answered from it, never debited twice.
    for (const request of batch) {
      try {
        request.resolve(await inDurableTransaction(async (client) => (await findDebit(client, request)) ?? debitOn(client, request)));
      } catch (error) {
        request.reject(error);
      }
    }
  }
}

async function debitOn(client: pg.PoolClient, { memberId, cost, channel, by, entryId }: Waiting): Promise<Debit | null> {
  const { rows } = await client.query<Debit>({ name: 'debit-credits', text: DEBIT_SQL, values: [memberId, cost, channel, by.actorKind, by.actorId, by.operator, entryId] });
  return rows[0] ?? null;
}

/** The debit an earlier try of this request committed, if it did. */
async function findDebit(client: pg.PoolClient, { entryId }: Waiting): Promise<Debit | null> {
  const { rows } = await client.query<Debit>({
    name: 'find-debit',
    text: `SELECT e."id" AS "entryId", e."organisationId", e."poolUserId", e."balanceAfter" AS "balance",
                  COALESCE(o."lastPurchaseCredits", p."lastPurchaseCredits") AS "lastPurchaseCredits"
             FROM "CreditLedgerEntry" e
             LEFT JOIN "Organisation" o ON o."id" = e."organisationId"
             LEFT JOIN "PersonalCreditPool" p ON p."userId" = e."poolUserId"
            WHERE e."id" = $1::uuid AND e."kind" = 'DEBIT'`,
    values: [entryId],
  });
  return rows[0] ?? null;
}

async function sequentially<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}

// The plain pool's sessions commit asynchronously (lib/db/pg-pool.ts); money never does. SET LOCAL
// turns synchronous commit back on for this transaction alone, whatever the connection's default.
async function inDurableTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPgPool().connect();
  let isBroken = false;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = on');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is closed rather than handed to the next caller.
    await client.query('ROLLBACK').catch(() => (isBroken = true));
    throw error;
  } finally {
    client.release(isBroken);
  }
}

/**
 * Gives a debit back (its send was refused or failed): one statement again, and the REFUND row names
 * the debit it returns under a unique key, so a debit is refunded at most once.
 */
export async function refundDebit({ debitId }: { debitId: string }): Promise<void> {
  try {
    await prisma.$executeRaw`
      WITH debit AS (
        SELECT "organisationId", "poolUserId", -"credits" AS "cost", "memberId", "channel", "actorKind", "actorId", "operator"
          FROM "CreditLedgerEntry" WHERE "id" = ${debitId}::uuid AND "kind" = 'DEBIT'
      ), organisation_credited AS (
        UPDATE "Organisation" o
           SET "creditBalance" = o."creditBalance" + debit."cost", "updatedAt" = now()
          FROM debit
         WHERE o."id" = debit."organisationId"
        RETURNING o."id" AS "organisationId", NULL::uuid AS "poolUserId", o."creditBalance"
      ), personal_credited AS (
        -- The pool the debit came from, whatever the brand says now: giving back is never refused.
        UPDATE "PersonalCreditPool" p
           SET "creditBalance" = p."creditBalance" + debit."cost", "updatedAt" = now()
          FROM debit
         WHERE p."userId" = debit."poolUserId"
        RETURNING NULL::uuid AS "organisationId", p."userId" AS "poolUserId", p."creditBalance"
      ), credited AS (
        SELECT * FROM organisation_credited UNION ALL SELECT * FROM personal_credited
      )
      INSERT INTO "CreditLedgerEntry" ("id", "organisationId", "poolUserId", "kind", "credits", "balanceAfter", "memberId", "channel", "actorKind", "actorId", "operator", "refundOfId", "reason")
      SELECT gen_random_uuid(), credited."organisationId", credited."poolUserId", 'REFUND'::"CreditEntryKind", debit."cost", credited."creditBalance",
             debit."memberId", debit."channel", debit."actorKind", debit."actorId", debit."operator", ${debitId}::uuid, 'The code could not be sent'
        FROM credited, debit`;
  } catch (error) {
    // Refunded already (the unique refundOfId): the statement rolled back whole, nothing counted twice.
    if (String((error as { message?: unknown }).message ?? '').includes('refundOfId')) return;
    throw error;
  }
}
