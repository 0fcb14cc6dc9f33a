import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma, type Tx } from '@/lib/db/prisma';
import { runSupportAction, type SupportRequest } from '@/lib/support/support-action';

/**
 * Every session of the account, the actor's own included when it is the owner's, plus any
 * sign-in still waiting for a code. Support can do this for a user too: then with a reason, a
 * recent second factor of their own, and a notice to the user, like every support action.
 */
export async function signOutEverywhere(request: SupportRequest): Promise<{ revoked: number }> {
  const { actor, userId } = request;
  if (actor.kind === 'staff' || actor.kind === 'console') {
    return runSupportAction(request, { action: 'sessions.end', auditType: 'session.signed_out_everywhere' }, async (tx) => {
      const revoked = await endEverySession(tx, userId);
      return { result: { revoked }, detail: { revoked }, notice: 'support.signed_out_everywhere' };
    });
  }
  await authorize(actor, 'sessions.end', { userId });
  return prisma.$transaction(async (tx) => {
    const revoked = await endEverySession(tx, userId);
    await recordAuditEvent(tx, { type: 'session.signed_out_everywhere', actor, subjectId: userId, detail: { revoked } });
    return { revoked };
  });
}

async function endEverySession(tx: Tx, userId: string): Promise<number> {
  const now = new Date();
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
  return count;
}
