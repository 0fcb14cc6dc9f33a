import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';
import { newBackupCodeSet, replaceBackupCodes, type BackupCodeSet } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

/**
 * The gentler path after a lost phone: a fresh set of one-time backup codes, returned once for the
 * staff member to hand over through the brand's own identity check. The old set stops working;
 * every other factor stays, so the owner signs in with a code and then sets up their new phone.
 */
export async function issueRecoveryCodes({ actor, userId, reason, code = null, expectedBrandId }: SupportRequest): Promise<{ codes: string[] }> {
  let set = null as BackupCodeSet | null;
  return changeAccount(
  {
    actor,
    userId,
    action: 'recovery_codes.issue',
    reauth: { code },
    reason,
    expectedBrandId,
    audit: 'support.recovery_codes_issued',
    notice: 'support.recovery_codes_issued',
    prepare: async () => {
      set = await newBackupCodeSet();
    },
  },
  async (tx, mailbox) => {
    if (!set) throw new Error('issueRecoveryCodes: the change ran before its codes were made');
    const state = await tx.user.findUniqueOrThrow({ where: { id: mailbox.id }, select: MFA_STATE_SELECT });
    // Without two-factor on, the password alone signs in: there is nothing to recover with codes.
    if (!isMfaEnabled(state)) throw new AppError('MFA_NOT_ENABLED');
    const codes = await replaceBackupCodes(tx, { userId: mailbox.id, set });
    return {
      result: { codes },
      detail: { replacedUnusedCodes: state._count.backupCodes ?? 0, issued: codes.length },
    };
  });
}
