import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { mayTurnOffTwoFactor } from '@/lib/policy/may-turn-off-two-factor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { verifyPassword } from '@/lib/core/hash-password';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { passwordThrottle } from '@/lib/rate-limit/throttle-keys';
import type { TSecondFactorCode } from './code-schema';
import { isMfaEnabled, MFA_STATE_SELECT, SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import { verifySecondFactor } from './verify-second-factor';

/**
 * "Disable": re-authentication with the password and a current code (ASVS 5 7.5.1), then every
 * second factor of every kind goes, in the transaction that spends the code.
 */
export async function turnOffTwoFactor({
  actor,
  userId,
  password,
  code,
}: {
  actor: Actor;
  userId: string;
  password: string;
  code: TSecondFactorCode;
}): Promise<void> {
  let email = '';
  let passwordHash = '';
  await changeAccount(
    {
      actor,
      userId,
      action: 'two_factor.turn_off',
      audit: 'mfa.disabled',
      notice: 'mfa.disabled',
      check: async () => {
        const row = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true, ...MFA_STATE_SELECT } });
        if (!row || !isMfaEnabled(row)) throw new AppError('MFA_NOT_ENABLED');
        // Checked before the password, so a refusal never costs an attempt. Support can still reset.
        if (!mayTurnOffTwoFactor((await getEffectivePolicy({ userId })).settings)) throw new AppError('DISABLE_NOT_ALLOWED');
        ({ email, passwordHash } = row);
      },
      // The password, then a current code spent in the transaction that turns two-factor off.
      reauth: {
        spend: async (body) => {
          const passwordKeys = passwordThrottle({ email, ip: actor.request.ip });
          await beginAttempt(passwordKeys);
          if (!(await verifyPassword({ password, passwordHash }))) {
            await recordFailure(passwordKeys);
            await recordAuditEvent(prisma, { type: 'mfa.disable_failed', actor, subjectId: userId, detail: { reason: 'password' } });
            throw new AppError('INVALID_PASSWORD');
          }
          await recordSuccess(passwordKeys);
          return verifySecondFactor({ actor, userId, code, failureEvent: 'mfa.disable_failed', onVerified: (tx) => body(tx) });
        },
      },
    },
    async (tx) => {
      for (const kind of SECOND_FACTOR_KINDS) await kind.removeAll(tx, userId);
      // Alternative logins are made only under two-factor and managed only from a session that
      // passed one: left behind, they could be neither seen nor deleted by the owner.
      const { count: alternativeLoginsDeleted } = await tx.alternativeLogin.deleteMany({ where: { userId } });
      return { result: undefined, detail: { alternativeLoginsDeleted } };
    },
  );
}
