import { z } from 'zod';
import { changeAccount } from '@/lib/access/change-account';
import { hashPassword, verifyPassword } from '@/lib/core/hash-password';
import type { RecoveryProof } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { checkNewPassword } from '@/lib/passwords/check-new-password';
import { ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { endOtherSessions } from '@/lib/sessions/end-other-sessions';
import { readPasswordRecovery } from './read-password-recovery';
import { refuseRestrictedOwnRecovery, type AskingSession } from './start-password-recovery';

// What the notice says was proven; a code or support's link proves a destination alike.
const PROOF_WORDS: Record<RecoveryProof, string> = {
  ALTERNATE_EMAIL: 'your alternate e-mail address',
  PHONE: 'your backup phone',
  AUTHENTICATOR: 'your authenticator app',
  BACKUP_CODE: 'one of your backup codes',
  SUPPORT_CODE: 'a reset code from support',
};

/**
 * The last step of a recovery: the new password, as an account change (changeAccount) whose actor
 * is the recovering visitor. Under the account's row lock, in one transaction: the recovery is
 * consumed with a conditional update (of two browsers finishing at once, one changes the password
 * and the other is told the recovery was used), the password replaced, every session (alternative
 * logins' included) and every sign-in waiting for a code ended, app passwords revoked unless the
 * owner unticked it, one audit row written and the notice to the mailbox and its alternate address
 * queued. Remembered locations stay. Nobody is signed in by it: the owner signs in with the new
 * password, as anyone does (63B-4 6.1.2.3).
 */
export async function finishPasswordRecovery({
  secret,
  newPassword,
  revokeAppPasswords = true,
  request,
  session = null,
}: {
  secret: string | null;
  newPassword: string;
  revokeAppPasswords?: boolean;
  request: RequestContext;
  session?: AskingSession;
}): Promise<{ email: string; signedOutSessions: number; revokedAppPasswords: number }> {
  const parsed = z.object({ newPassword: ZNewPasswordInputSchema }).safeParse({ newPassword });
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const read = await readPasswordRecovery({ secret });
  if (!read) throw new AppError('RECOVERY_NOT_FOUND');
  const { recovery, account, step } = read;
  if (!account || step.step !== 'new-password') throw new AppError('RECOVERY_NOT_READY');
  const userId = account.userId;
  refuseRestrictedOwnRecovery(session, userId);
  let newPasswordHash = '';
  return changeAccount(
    {
      actor: { kind: 'recovering', recovery: { id: recovery.id, userId }, request },
      userId,
      action: 'password.recover',
      // The recovery's proofs are the proof; they were checked when it reached this step.
      reauth: 'none',
      audit: 'password.recovered',
      notice: 'password.recovered',
      check: async () => {
        // "The same as your current one" says more to the owner than the estimator's advice would.
        const current = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
        if (await verifyPassword({ password: newPassword, passwordHash: current.passwordHash })) throw new AppError('NEW_PASSWORD_UNCHANGED');
        // Each judgement costs the server up to a few hundred milliseconds of one core, and a refused
        // password spends nothing else: refusals count against the recovery like wrong codes, so
        // one recovery cannot keep the estimator busy for its whole life.
        await checkNewPassword({ password: newPassword, userInputs: await readPasswordUserInputs({ userId }), field: 'newPassword' }).catch(async (error: unknown) => {
          await prisma.passwordRecovery.update({ where: { id: recovery.id }, data: { failedAttempts: { increment: 1 } }, select: { id: true } });
          throw error;
        });
      },
      prepare: async () => {
        newPasswordHash = await hashPassword(newPassword);
      },
    },
    async (tx) => {
      const now = new Date();
      // Claimed with a conditional update: of parallel submissions of one recovery, one gets count 1.
      const { count } = await tx.passwordRecovery.updateMany({
        where: { id: recovery.id, consumedAt: null, expiresAt: { gt: now } },
        data: { consumedAt: now },
      });
      if (count !== 1) throw new AppError('RECOVERY_NOT_FOUND');
      // Any other recovery of the mailbox under way ends with this one.
      await tx.passwordRecovery.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
      // Compared behind the lock, so an SMS password set at the same moment is seen.
      const smsPassword = await tx.alternativeLogin.findUnique({ where: { userId_kind: { userId, kind: 'SMS_PASSWORD' } }, select: { secretHash: true } });
      if (smsPassword?.secretHash && (await verifyPassword({ password: newPassword, passwordHash: smsPassword.secretHash }))) {
        throw new AppError('NEW_PASSWORD_IS_SMS_PASSWORD');
      }
      await tx.user.update({ where: { id: userId }, data: { passwordHash: newPasswordHash }, select: { id: true } });
      const signedOutSessions = await endOtherSessions(tx, { userId, keepSessionId: null });
      const revokedAppPasswords = revokeAppPasswords ? (await tx.appPassword.deleteMany({ where: { userId } })).count : 0;
      return {
        result: { email: account.email, signedOutSessions, revokedAppPasswords },
        detail: { origin: recovery.origin, proofs: recovery.proofs, signedOutSessions, revokedAppPasswords },
        what: recovery.proofs.map((proof) => PROOF_WORDS[proof]).join(' and '),
      };
    },
  );
}
