import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { endOtherSessions } from './end-other-sessions';

/**
 * Every other session of the owner's account and any sign-in still waiting for a code, keeping
 * the one the owner acts from: offered after a change to how the account signs in, so a session
 * opened before the change (perhaps by whoever prompted it) does not outlive it.
 */
export async function signOutOtherSessions({ actor, userId }: { actor: Actor & { kind: 'self' }; userId: string }): Promise<{ revoked: number }> {
  await authorize(actor, 'sessions.end', { userId });
  return prisma.$transaction(async (tx) => {
    const count = await endOtherSessions(tx, { userId, keepSessionId: actor.current.session.id });
    await recordAuditEvent(tx, { type: 'session.signed_out_others', actor, subjectId: userId, detail: { revoked: count } });
    return { revoked: count };
  });
}
