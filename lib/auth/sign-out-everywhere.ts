import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';

/** Every session of the account, this one included, plus any sign-in still waiting for a code. */
export async function signOutEverywhere({
  userId,
  actorId = null,
  request,
}: {
  userId: string;
  actorId?: string | null;
  request: RequestContext | null;
}): Promise<{ revoked: number }> {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    await recordAuditEvent(tx, { type: 'session.signed_out_everywhere', userId, actorId, request, detail: { revoked: count } });
    return { revoked: count };
  });
}
