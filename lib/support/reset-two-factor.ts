import { revokeAllAppPasswords } from '@/lib/app-passwords/revoke-all-app-passwords';
import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';
import { enrolledMethods, MFA_STATE_SELECT, SECOND_FACTOR_KINDS, isMfaEnabled } from '@/lib/core/factor-kinds';

/**
 * Support's "Disable 2FA" after a lost phone (OpenSRS: "disable 2FA for that user so they can set
 * it up again"): every second factor of the mailbox goes, and every session and sign-in in
 * progress ends. The enrolment deadline is left as it is, so where the brand requires 2FA the
 * mailbox must enrol at its next sign-in and its period never starts again. Support sees no
 * secret and sets none; the owner sets up again with their own.
 */
export async function resetTwoFactor({
  actor,
  userId,
  reason,
  code = null,
  expectedBrandId,
  revokeAppPasswords = false,
}: SupportRequest & {
  /** "Also revoke app passwords": off by default, so the owner's mail apps keep working while they set up again. */
  revokeAppPasswords?: boolean;
}): Promise<{ removed: string[]; appPasswordsRevoked: number }> {
  const request = { actor, userId, reason, expectedBrandId, reauth: { code } };
  return changeAccount({ ...request, action: 'two_factor.reset', audit: 'support.two_factor_reset', notice: 'support.two_factor_reset' }, async (tx, mailbox) => {
    const state = await tx.user.findUniqueOrThrow({ where: { id: mailbox.id }, select: MFA_STATE_SELECT });
    const removed = [...enrolledMethods(state)];
    // A second member of staff who acted a moment later finds the work done: one reset, one notice.
    if (!isMfaEnabled(state) && removed.length === 0) throw new AppError('MFA_NOT_ENABLED');
    for (const kind of SECOND_FACTOR_KINDS) await kind.removeAll(tx, mailbox.id);
    const now = new Date();
    const { count: sessionsEnded } = await tx.session.updateMany({ where: { userId: mailbox.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.pendingLogin.updateMany({ where: { userId: mailbox.id, consumedAt: null }, data: { consumedAt: now } });
    const appPasswordsRevoked = revokeAppPasswords ? await revokeAllAppPasswords(tx, { userId: mailbox.id }) : 0;
    // A lost phone may have gone with the printed list, and an SMS password's mobile number is
    // gone with the phones: the alternative logins go too (the sessions they opened with them).
    const { count: alternativeLoginsDeleted } = await tx.alternativeLogin.deleteMany({ where: { userId: mailbox.id } });
    return {
      result: { removed, appPasswordsRevoked },
      detail: { removed, phones: state._count.phones, unusedBackupCodes: state._count.backupCodes ?? 0, sessionsEnded, appPasswordsRevoked, alternativeLoginsDeleted },
      what: appPasswordsRevoked > 0 ? `Its ${appPasswordsRevoked} app ${appPasswordsRevoked === 1 ? 'password was' : 'passwords were'} revoked too: create new ones for your mail apps.` : '',
    };
  });
}
