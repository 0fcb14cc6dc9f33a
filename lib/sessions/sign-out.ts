import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';

/** Revokes the actor's own session row; its cookie is worthless from now on, wherever it was copied. */
export async function signOut({ actor }: { actor: Actor & { kind: 'self' } }): Promise<void> {
  const { session, user } = actor.current;
  await prisma.$transaction(async (tx) => {
    await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { type: 'session.signed_out', actor, subjectId: user.id });
  });
}
