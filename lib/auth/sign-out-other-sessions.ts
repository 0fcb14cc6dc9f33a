import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';

/**
 * Every other session of the account and any sign-in still waiting for a code, keeping this one:
 * offered after a change to how the account signs in, so a session opened before the change
 * (perhaps by whoever prompted it) does not outlive it.
 */
export async function signOutOtherSessions({
  userId,
  currentSessionId,
  request,
}: {
  userId: string;
  currentSessionId: string;
  request: RequestContext;
}): Promise<{ revoked: number }> {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.session.updateMany({
      where: { userId, revokedAt: null, id: { not: currentSessionId } },
      data: { revokedAt: now },
    });
    await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    await recordAuditEvent(tx, { type: 'session.signed_out_others', userId, request, detail: { revoked: count } });
    return { revoked: count };
  });
}
