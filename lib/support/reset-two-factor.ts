import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { removeEverySecondFactor } from '@/lib/mfa/remove-every-second-factor';

/**
 * Support's "Disable 2FA" after a lost phone (OpenSRS: "disable 2FA for that user so they can set
 * it up again"): every second factor of the mailbox goes, and every session and sign-in in
 * progress ends (removeEverySecondFactor, the change an organisation's administrator's reset makes
 * too). Support sees no secret and sets none; the owner sets up again with their own.
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
    const { removed, appPasswordsRevoked, detail, what } = await removeEverySecondFactor(tx, { userId: mailbox.id, revokeAppPasswords });
    return { result: { removed, appPasswordsRevoked }, detail, what };
  });
}
