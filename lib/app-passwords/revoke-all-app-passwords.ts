import type { Tx } from '@/lib/db/prisma';

/**
 * Deletes every app password of one mailbox inside the caller's transaction and says how many
 * went: for a support reset ("Disable 2FA" with "also revoke app passwords" ticked), whose verb
 * authorises, audits (with this count) and e-mails in the same transaction. Not a verb of its own,
 * like a factor kind's `removeAll`: it checks nothing, so only a verb that has may call it.
 */
export async function revokeAllAppPasswords(tx: Tx, { userId }: { userId: string }): Promise<number> {
  const { count } = await tx.appPassword.deleteMany({ where: { userId } });
  return count;
}
