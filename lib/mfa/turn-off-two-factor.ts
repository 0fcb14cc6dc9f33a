import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { mayTurnOffTwoFactor } from '@/lib/policy/may-turn-off-two-factor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { verifyPassword } from '@/lib/auth/hash-password';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
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
  await authorize(actor, 'two_factor.turn_off', { userId });
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true, ...MFA_STATE_SELECT } });
  if (!row || !isMfaEnabled(row)) throw new AppError('MFA_NOT_ENABLED');
  // Checked before the password, so a refusal never costs an attempt. Support can still reset.
  if (!mayTurnOffTwoFactor((await getEffectivePolicy({ userId })).settings)) throw new AppError('DISABLE_NOT_ALLOWED');

  const passwordKeys = passwordThrottle({ email: row.email, ip: actor.request.ip });
  await beginAttempt(passwordKeys);
  if (!(await verifyPassword({ password, passwordHash: row.passwordHash }))) {
    await recordFailure(passwordKeys);
    await recordAuditEvent(prisma, { type: 'mfa.disable_failed', actor, subjectId: userId, detail: { reason: 'password' } });
    throw new AppError('INVALID_PASSWORD');
  }
  await recordSuccess(passwordKeys);

  const messageId = await verifySecondFactor({
    actor,
    userId,
    code,
    failureEvent: 'mfa.disable_failed',
    onVerified: async (tx) => {
      for (const kind of SECOND_FACTOR_KINDS) await kind.removeAll(tx, userId);
      // Alternative logins are made only under two-factor and managed only from a session that
      // passed one: left behind, they could be neither seen nor deleted by the owner.
      const { count: alternativeLoginsDeleted } = await tx.alternativeLogin.deleteMany({ where: { userId } });
      await recordAuditEvent(tx, { type: 'mfa.disabled', actor, subjectId: userId, detail: { alternativeLoginsDeleted } });
      return queueEmail(tx, { to: row.email, ...composeSecurityEmail({ notice: 'mfa.disabled', actor, at: new Date() }) });
    },
  });
  await deliverMessages([messageId]);
}
