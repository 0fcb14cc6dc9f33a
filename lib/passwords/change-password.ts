import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { changeAccount } from '@/lib/access/change-account';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { passwordThrottle } from '@/lib/rate-limit/throttle-keys';
import { endOtherSessions } from '@/lib/sessions/end-other-sessions';
import { hashPassword, verifyPassword } from '@/lib/core/hash-password';
import { checkNewPassword } from './check-new-password';
import { ZCurrentPasswordSchema, ZNewPasswordInputSchema } from './password-schema';
import { readPasswordUserInputs } from './read-password-user-inputs';

const ZChangePasswordInputSchema = z.object({ currentPassword: ZCurrentPasswordSchema, newPassword: ZNewPasswordInputSchema });

/**
 * "Change password": the owner proves the current password (and, with two-factor on, a recent
 * second factor), and the new one replaces it. In the same commit every other session and every
 * sign-in waiting for a code ends, so whoever may have known the old password loses what it
 * opened; the audit row and the notice to the mailbox and its alternate address go with it.
 */
export async function changePassword({
  actor,
  userId,
  currentPassword,
  newPassword,
  code = null,
}: {
  actor: Actor;
  userId: string;
  currentPassword: string;
  newPassword: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<{ signedOutSessions: number }> {
  let account = null as { email: string; passwordHash: string } | null;
  let newPasswordHash = '';
  // The owner keeps the session they changed it from; any other actor's change ends every one.
  const keepSessionId = actor.kind === 'self' ? actor.current.session.id : null;
  return changeAccount(
    {
      actor,
      userId,
      action: 'password.change',
      audit: 'password.changed',
      notice: 'password.changed',
      // Parsed and judged first, whoever calls: a 10 kB paste or a guessable new password is
      // refused as input, before it costs a password attempt or a backup code on a change that
      // could never happen.
      check: async () => {
        const parsed = ZChangePasswordInputSchema.safeParse({ currentPassword, newPassword });
        if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
        account = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
        if (!account) throw new AppError('USER_NOT_FOUND');
        await checkNewPassword({ password: newPassword, userInputs: await readPasswordUserInputs({ userId }), field: 'newPassword' });
      },
      // The second factor before the password is checked: a session alone (left open, or stolen)
      // cannot use this form to test guesses at the password, it needs a recent second factor too.
      // A code proven here renews the session's window, so retyping a mistyped password does not
      // cost another code.
      reauth: {
        code,
        exceptOwnerWithoutFactor: true,
        thenPassword: async () => {
          if (!account) throw new AppError('USER_NOT_FOUND');
          // The web sign-in's own count, not a key of its own: this form checks the same password,
          // so a guess here is a guess there, and NIST 63B 5.2.2 caps failures per authenticator.
          // Separate keys would give a session 100 guesses on top of sign-in's 100. Whoever could
          // lock the sign-in from here could already lock it by typing the address at sign-in.
          const keys = passwordThrottle({ email: account.email, ip: actor.request.ip });
          await beginAttempt(keys);
          if (!(await verifyPassword({ password: currentPassword, passwordHash: account.passwordHash }))) {
            await recordFailure(keys);
            await recordAuditEvent(prisma, { type: 'password.change_failed', actor, subjectId: userId });
            throw new AppError('CURRENT_PASSWORD_WRONG');
          }
          await recordSuccess(keys);
          if (newPassword === currentPassword) throw new AppError('NEW_PASSWORD_UNCHANGED');
          // Hashed before the account's lock is taken: argon2id needs every core for a moment.
          newPasswordHash = await hashPassword(newPassword);
        },
      },
    },
    async (tx) => {
      if (!account) throw new AppError('USER_NOT_FOUND');
      // An SMS password equal to the account password would make the restricted login a full one
      // to anyone who saw it typed on a kiosk. Compared only now, after the current password was
      // proven (else this refusal would tell a guesser the SMS password), and behind the account's
      // lock, so an SMS password set at the same moment is seen.
      const smsPassword = await tx.alternativeLogin.findUnique({
        where: { userId_kind: { userId, kind: 'SMS_PASSWORD' } },
        select: { secretHash: true },
      });
      if (smsPassword?.secretHash && (await verifyPassword({ password: newPassword, passwordHash: smsPassword.secretHash }))) {
        throw new AppError('NEW_PASSWORD_IS_SMS_PASSWORD');
      }
      // Conditional on the hash just verified: of two changes racing from the same current
      // password, only the first commits; for the second, that password is no longer current.
      const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: account.passwordHash }, data: { passwordHash: newPasswordHash } });
      if (count !== 1) throw new AppError('CURRENT_PASSWORD_WRONG');
      const signedOutSessions = await endOtherSessions(tx, { userId, keepSessionId });
      return { result: { signedOutSessions }, detail: { signedOutSessions } };
    },
  );
}
