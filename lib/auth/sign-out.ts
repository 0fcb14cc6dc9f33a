import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';

/** Revokes this session's row; its cookie is worthless from now on, wherever it was copied. */
export async function signOut({ sessionId, userId, request }: { sessionId: string; userId: string; request: RequestContext }) {
  await prisma.$transaction(async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { type: 'session.signed_out', userId, request });
  });
}
