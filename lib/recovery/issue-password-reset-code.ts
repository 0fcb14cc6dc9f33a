import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';
import { issueSupportRecovery } from './issue-support-recovery';
import { linkCanFinish } from './link-can-finish';
import { newSupportResetCode } from './support-reset-code';

/**
 * Support's single-use reset code, for a mailbox where no link can finish a recovery (nowhere to
 * send one, or a second factor that is its one destination): returned once for
 * the staff member to hand over after the brand's own identity check (like "Issue recovery
 * codes"), valid 30 minutes. The canonical code is the recovery's secret; only its hash is kept.
 * The owner types it at /sign-in/forgot/code; it is one proof (SUPPORT_CODE), so a mailbox with a
 * second factor still proves that too before choosing a new password.
 *
 * Refused where a link can finish the recovery (linkCanFinish): a link sent to a confirmed
 * destination reaches only the owner, where a code read out reaches whoever convinced support.
 */
export async function issuePasswordResetCode({ actor, userId, reason, code = null, expectedBrandId }: SupportRequest): Promise<{ resetCode: string; expiresAt: Date }> {
  return changeAccount(
    {
      actor,
      userId,
      action: 'password_reset.issue',
      reauth: { code },
      reason,
      expectedBrandId,
      audit: 'support.password_reset_code_issued',
      notice: 'support.password_reset_code_issued',
      check: () => refuseWhereLinkCanFinish(userId),
    },
    async (tx, mailbox) => {
      // Again behind the lock: a destination confirmed meanwhile may have made the link the way.
      await refuseWhereLinkCanFinish(mailbox.id);
      const resetCode = newSupportResetCode();
      const { expiresAt, superseded } = await issueSupportRecovery(tx, {
        actor,
        mailbox,
        origin: 'SUPPORT_CODE',
        proofs: ['SUPPORT_CODE'],
        secret: resetCode,
      });
      return { result: { resetCode, expiresAt }, detail: { expiresAt: expiresAt.toISOString(), superseded } };
    },
  );
}

async function refuseWhereLinkCanFinish(userId: string): Promise<void> {
  if (await linkCanFinish({ userId })) throw new AppError('PASSWORD_RESET_USE_LINK');
}
