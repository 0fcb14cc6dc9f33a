import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { verifyPassword } from '@/lib/auth/hash-password';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import type { TSecondFactorCode } from '../code-schema';
import { isMfaEnabled, MFA_STATE_SELECT } from '../is-mfa-enabled';
import { verifySecondFactor } from '../verify-second-factor';

/**
 * "Disable": re-authentication with the password and a current code (ASVS 5 7.5.1), then every
 * second factor goes (the app's secret, backup codes, backup phones, the alternate address) in
 * the transaction that spends the code.
 */
export async function disableTotp({
  user,
  password,
  code,
  request,
}: {
  user: { id: string; email: string };
  password: string;
  code: TSecondFactorCode;
  request: RequestContext;
}): Promise<void> {
  const row = await prisma.user.findUnique({
    where: { id: user.id },
    select: { passwordHash: true, ...MFA_STATE_SELECT },
  });
  if (!row || !isMfaEnabled(row)) throw new AppError('MFA_NOT_ENABLED');

  const passwordKeys = { account: `password:${user.email}`, ip: `password:${request.ip}` };
  await beginAttempt(passwordKeys);
  if (!(await verifyPassword({ password, passwordHash: row.passwordHash }))) {
    await recordFailure(passwordKeys);
    await prisma.$transaction((tx) =>
      recordAuditEvent(tx, { type: 'mfa.disable_failed', userId: user.id, request, detail: { reason: 'password' } }),
    );
    throw new AppError('INVALID_PASSWORD', { fieldErrors: { password: ['That password is not correct.'] } });
  }
  await recordSuccess(passwordKeys);

  const messageId = await verifySecondFactor({
    userId: user.id,
    code,
    request,
    failureEvent: 'mfa.disable_failed',
    onVerified: async (tx) => {
      await tx.totpCredential.deleteMany({ where: { userId: user.id } });
      await tx.backupCode.deleteMany({ where: { userId: user.id } });
      await tx.phone.deleteMany({ where: { userId: user.id } });
      await tx.alternateEmail.deleteMany({ where: { userId: user.id } });
      await recordAuditEvent(tx, { type: 'mfa.disabled', userId: user.id, request });
      return queueEmail(tx, { to: user.email, ...composeSecurityEmail({ notice: 'mfa.disabled', request, at: new Date() }) });
    },
  });
  await deliverMessages([messageId]);
}
