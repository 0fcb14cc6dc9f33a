import type { Channel, ActorKind } from '@/lib/db/generated/enums';
import { getPgPool } from '@/lib/db/pg-pool';
import { prisma } from '@/lib/db/prisma';

export type Debit = { entryId: string; organisationId: string; balance: number; lastPurchaseCredits: number | null };

/**
 * Takes `cost` credits from the pool of the member's organisation: one statement, so the balance
 * change and its DEBIT row commit together, and the change is conditional (`where creditBalance >=
 * cost`), so no number of concurrent sends can overdraw it (the CHECK constraint would refuse it
 * anyway). Null when the mailbox is in no organisation, the pool holds too little or the
 * organisation does not allow SMS logins; nothing is written then. The membership is joined in
 * the same statement: a paid send costs one round trip.
 */
export async function debitCredits({
  memberId,
  channel,
  cost,
  by,
}: {
  /** The member whose code it pays for: the pool is its organisation's. */
  memberId: string;
  channel: Channel;
  cost: number;
  by: { actorKind: ActorKind; actorId: string | null; operator: string | null };
}): Promise<Debit | null> {
  // On the soft-state pool, which commits asynchronously: the row lock on the organisation is then
  // held for the statement alone, not for a disk flush as well, which is what limits how many
  // sends one pool can pay for per second (npm run bench, figure 6). Atomicity is unchanged (the
  // balance and its DEBIT row commit together or not at all); only a crash of the database server
  // within about half a second can lose a debit whole, never half of one, and never overdraw or
  // count twice: at worst a text goes unpaid. The next synchronous commit (the code's own
  // 'code.sent' audit row, written through Prisma right after the send) flushes it to disk.
  const { rows } = await getPgPool().query<Debit>(
    `WITH debited AS (
       UPDATE "Organisation" o
          SET "creditBalance" = o."creditBalance" - $2, "updatedAt" = now()
         FROM "OrganisationMember" m
        WHERE m."userId" = $1::uuid AND o."id" = m."organisationId" AND o."allowSmsLogins" AND o."creditBalance" >= $2
       RETURNING o."id", o."creditBalance", o."lastPurchaseCredits"
     ), entry AS (
       INSERT INTO "CreditLedgerEntry" ("id", "organisationId", "kind", "credits", "balanceAfter", "memberId", "channel", "actorKind", "actorId", "operator")
       SELECT gen_random_uuid(), "id", 'DEBIT'::"CreditEntryKind", -$2::integer, "creditBalance", $1::uuid, $3::"Channel", $4::"ActorKind", $5::uuid, $6
         FROM debited
       RETURNING "id"
     )
     SELECT entry."id" AS "entryId", debited."id" AS "organisationId", debited."creditBalance" AS "balance",
            debited."lastPurchaseCredits" AS "lastPurchaseCredits"
       FROM debited, entry`,
    [memberId, cost, channel, by.actorKind, by.actorId, by.operator],
  );
  return rows[0] ?? null;
}

/**
 * Gives a debit back (its send was refused or failed): one statement again, and the REFUND row names
 * the debit it returns under a unique key, so a debit is refunded at most once.
 */
export async function refundDebit({ debitId }: { debitId: string }): Promise<void> {
  try {
    await prisma.$executeRaw`
      WITH debit AS (
        SELECT "organisationId", -"credits" AS "cost", "memberId", "channel", "actorKind", "actorId", "operator"
          FROM "CreditLedgerEntry" WHERE "id" = ${debitId}::uuid AND "kind" = 'DEBIT'
      ), credited AS (
        UPDATE "Organisation" o
           SET "creditBalance" = o."creditBalance" + debit."cost", "updatedAt" = now()
          FROM debit
         WHERE o."id" = debit."organisationId"
        RETURNING o."id", o."creditBalance", debit."cost", debit."memberId", debit."channel", debit."actorKind", debit."actorId", debit."operator"
      )
      INSERT INTO "CreditLedgerEntry" ("id", "organisationId", "kind", "credits", "balanceAfter", "memberId", "channel", "actorKind", "actorId", "operator", "refundOfId", "reason")
      SELECT gen_random_uuid(), "id", 'REFUND'::"CreditEntryKind", "cost", "creditBalance", "memberId", "channel", "actorKind", "actorId", "operator",
             ${debitId}::uuid, 'The code could not be sent'
        FROM credited`;
  } catch (error) {
    // Refunded already (the unique refundOfId): the statement rolled back whole, nothing counted twice.
    if (String((error as { message?: unknown }).message ?? '').includes('refundOfId')) return;
    throw error;
  }
}
