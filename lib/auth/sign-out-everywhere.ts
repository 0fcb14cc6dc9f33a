import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';

/**
 * Every session of the account, the actor's own included when it is the owner's, plus any
 * sign-in still waiting for a code. Support can do this for a user too.
 */
export async function signOutEverywhere({ actor, userId }: { actor: Actor; userId: string }): Promise<{ revoked: number }> {
  await authorize(actor, 'sessions.end', { userId });
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    await recordAuditEvent(tx, { type: 'session.signed_out_everywhere', actor, subjectId: userId, detail: { revoked: count } });
    return { revoked: count };
  });
}
