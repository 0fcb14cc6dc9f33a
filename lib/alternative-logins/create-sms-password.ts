import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { hashPassword, verifyPassword } from '@/lib/core/hash-password';
import { checkNewPassword } from '@/lib/passwords/check-new-password';
import { ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';
import { replaceAlternativeLogin } from './replace-alternative-login';

/**
 * "Create SMS password": an alternate password the owner chooses, for a computer they do not
 * trust with the account password. Typed at the sign-in instead of it, it texts a code to the
 * mobile number, so it is two factors. Same rules as any password, and never the account password
 * itself: it is meant to be typed where a keylogger may read it, and the sign-in could not tell
 * which of the two was meant. Stored as argon2id. A new one replaces the old, ending the sessions
 * the old one opened.
 */
export async function createSmsPassword({
  actor,
  userId,
  password,
  isRestricted = true,
  code = null,
}: {
  actor: Actor;
  userId: string;
  password: string;
  /** Sessions it opens may change or remove nothing (the default). */
  isRestricted?: boolean;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<{ id: string; createdAt: Date }> {
  return replaceAlternativeLogin({
    actor,
    userId,
    code,
    kind: 'SMS_PASSWORD',
    isRestricted,
    // Every refusal comes before re-authentication, so a refused password never costs the user a backup code.
    check: async () => {
      const parsed = ZNewPasswordInputSchema.safeParse(password);
      if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: { password: z.flattenError(parsed.error).formErrors } });
      // Its codes go by text: where the provider or the family/business account sends none, an SMS
      // password could never finish a sign-in.
      const { settings: policy } = await getEffectivePolicy({ userId });
      if (!isAvailable(policy, 'sms')) throw new AppError('METHOD_NOT_AVAILABLE');
      if (!policy.allowSmsLogins) throw new AppError('SMS_LOGINS_NOT_ALLOWED');
      await requireMobile(prisma, userId);
      // Judged after the cheap refusals: the estimator is the costly one.
      await checkNewPassword({ password, userInputs: await readPasswordUserInputs({ userId }), field: 'password' });
      const account = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
      if (await verifyPassword({ password, passwordHash: account.passwordHash })) throw new AppError('SMS_PASSWORD_IS_ACCOUNT_PASSWORD');
    },
    secretHash: () => hashPassword(password),
    // Again under the account's lock: a password change racing this one could otherwise make the
    // new account password and this SMS password the same, and a kiosk would get a full session.
    checkLocked: async (tx) => {
      await requireMobile(tx, userId);
      const locked = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
      if (await verifyPassword({ password, passwordHash: locked.passwordHash })) throw new AppError('SMS_PASSWORD_IS_ACCOUNT_PASSWORD');
    },
  });
}

async function requireMobile(db: Pick<Tx, 'phone'>, userId: string): Promise<void> {
  if ((await db.phone.count({ where: { userId, isMobileForSms: true } })) === 0) throw new AppError('SMS_PASSWORD_NEEDS_MOBILE');
}
