import type { Tx } from '@/lib/db/prisma';

/**
 * Ends every session of the account except `keepSessionId` (null: every one), and every sign-in
 * still waiting for a code, inside the caller's transaction: the change that calls for it and the
 * sign-outs commit together, so no session opened before the change survives it. Returns how many
 * sessions ended.
 */
export async function endOtherSessions(tx: Tx, { userId, keepSessionId }: { userId: string; keepSessionId: string | null }): Promise<number> {
  const now = new Date();
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: now },
  });
  await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
  return count;
}
