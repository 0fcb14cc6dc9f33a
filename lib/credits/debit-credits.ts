import type { Channel, ActorKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';

export type Debit = { entryId: string; balance: number; lastPurchaseCredits: number | null };

/**
 * Takes `cost` credits from the pool: one statement, so the balance change and its DEBIT row
 * commit together, and the change is conditional (`where creditBalance >= cost`), so no number of
 * concurrent sends can overdraw it (the CHECK constraint would refuse it anyway). Null when the pool
 * holds too little or the organisation no longer allows SMS logins; nothing is written then.
 */
export async function debitCredits({
  organisationId,
  memberId,
  channel,
  cost,
  by,
}: {
  organisationId: string;
  memberId: string;
  channel: Channel;
  cost: number;
  by: { actorKind: ActorKind; actorId: string | null; operator: string | null };
}): Promise<Debit | null> {
  const rows = await prisma.$queryRaw<Debit[]>`
    WITH debited AS (
      UPDATE "Organisation"
         SET "creditBalance" = "creditBalance" - ${cost}, "updatedAt" = now()
       WHERE "id" = ${organisationId}::uuid AND "allowSmsLogins" AND "creditBalance" >= ${cost}
      RETURNING "id", "creditBalance", "lastPurchaseCredits"
    ), entry AS (
      INSERT INTO "CreditLedgerEntry" ("id", "organisationId", "kind", "credits", "balanceAfter", "memberId", "channel", "actorKind", "actorId", "operator")
      SELECT gen_random_uuid(), "id", 'DEBIT'::"CreditEntryKind", ${-cost}, "creditBalance", ${memberId}::uuid, ${channel}::"Channel",
             ${by.actorKind}::"ActorKind", ${by.actorId}::uuid, ${by.operator}
        FROM debited
      RETURNING "id"
    )
    SELECT entry."id" AS "entryId", debited."creditBalance" AS "balance", debited."lastPurchaseCredits" AS "lastPurchaseCredits"
      FROM debited, entry`;
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
