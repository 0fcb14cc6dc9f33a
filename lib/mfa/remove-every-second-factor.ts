import { revokeAllAppPasswords } from '@/lib/app-passwords/revoke-all-app-passwords';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { enrolledMethods, isMfaEnabled, MFA_STATE_SELECT, SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';

/**
 * The change of a reset after a lost phone, whoever asked for it (support's "Disable 2FA",
 * lib/support/reset-two-factor.ts, or an organisation's administrator's "Reset two-factor
 * authentication", lib/organisations/reset-member-two-factor.ts): every second factor of the mailbox
 * goes, and every session and sign-in in progress ends. The enrolment deadline is left as it is,
 * so where the policy requires 2FA the mailbox must enrol at its next sign-in and its period never
 * starts again. Not a verb: it checks nothing, so only a verb that authorised, inside
 * changeAccount's transaction (the mailbox's row locked), may call it.
 */
export async function removeEverySecondFactor(
  tx: Tx,
  { userId, revokeAppPasswords }: { userId: string; revokeAppPasswords: boolean },
): Promise<{ removed: string[]; appPasswordsRevoked: number; detail: Record<string, number | string[]>; what: string }> {
  const state = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT });
  const removed = [...enrolledMethods(state)];
  // A second person who acted a moment later finds the work done: one reset, one notice.
  if (!isMfaEnabled(state) && removed.length === 0) throw new AppError('MFA_NOT_ENABLED');
  for (const kind of SECOND_FACTOR_KINDS) await kind.removeAll(tx, userId);
  const now = new Date();
  const { count: sessionsEnded } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  await tx.pendingLogin.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
  const appPasswordsRevoked = revokeAppPasswords ? await revokeAllAppPasswords(tx, { userId }) : 0;
  // A lost phone may have gone with the printed list, and an SMS password's mobile number is
  // gone with the phones: the alternative logins go too (the sessions they opened with them).
  const { count: alternativeLoginsDeleted } = await tx.alternativeLogin.deleteMany({ where: { userId } });
  return {
    removed,
    appPasswordsRevoked,
    detail: { removed, phones: state._count.phones, unusedBackupCodes: state._count.backupCodes ?? 0, sessionsEnded, appPasswordsRevoked, alternativeLoginsDeleted },
    what: appPasswordsRevoked > 0 ? `Its ${appPasswordsRevoked} app ${appPasswordsRevoked === 1 ? 'password was' : 'passwords were'} revoked too: create new ones for your mail apps.` : '',
  };
}
