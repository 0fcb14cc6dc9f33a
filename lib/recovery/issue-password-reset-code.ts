import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { issueSupportRecovery } from './issue-support-recovery';
import { readResetDestinations } from './read-reset-destinations';
import { newSupportResetCode } from './support-reset-code';

/**
 * Support's single-use reset code, for a mailbox with nowhere to send a link: returned once for
 * the staff member to hand over after the brand's own identity check (like "Issue recovery
 * codes"), valid 30 minutes. The canonical code is the recovery's secret; only its hash is kept.
 * The owner types it at /sign-in/forgot/code; it is one proof (SUPPORT_CODE), so a mailbox with a
 * second factor still proves that too before choosing a new password.
 *
 * Refused where a confirmed alternate address or backup phone exists: a link sent there reaches
 * only the owner, where a code read out reaches whoever convinced support.
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
      check: () => refuseWhereLinkCanGo(prisma, userId),
    },
    async (tx, mailbox) => {
      await refuseWhereLinkCanGo(tx, mailbox.id);
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

async function refuseWhereLinkCanGo(db: Pick<Tx, 'user'>, userId: string): Promise<void> {
  if ((await readResetDestinations(db, { userId })).length > 0) throw new AppError('PASSWORD_RESET_USE_LINK');
}
