import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import type { Tx } from '@/lib/db/prisma';

/**
 * Every session of the account, the actor's own included when it is the owner's, plus any
 * sign-in still waiting for a code. Support can do this for a user too: then with a reason, a
 * recent second factor of their own, and a notice to the user, like every support action.
 */
export async function signOutEverywhere({ actor, userId, reason, code = null, expectedBrandId }: SupportRequest): Promise<{ revoked: number }> {
  const isStaff = actor.kind === 'staff' || actor.kind === 'console';
  return changeAccount(
    {
      actor,
      userId,
      action: 'sessions.end',
      // Signing out takes every way in away: the owner needs nothing more than the session.
      reauth: isStaff ? { code } : 'none',
      reason,
      expectedBrandId,
      audit: 'session.signed_out_everywhere',
      notice: isStaff ? 'support.signed_out_everywhere' : null,
    },
    async (tx) => {
      const revoked = await endEverySession(tx, userId);
      return { result: { revoked }, detail: { revoked } };
    },
  );
}

async function endEverySession(tx: Tx, userId: string): Promise<number> {
  const now = new Date();
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
  return count;
}
