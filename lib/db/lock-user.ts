import type { Tx } from './prisma';

/**
 * Takes the account's row lock for the rest of the transaction. Changes to one account's factors
 * run one at a time behind it, so two parallel removals cannot each see the other's factor as
 * the one that remains, and two parallel "Show Codes" cannot both leave a set behind.
 */
export async function lockUser(tx: Tx, { userId }: { userId: string }): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
}
