import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { lockUser } from '@/lib/db/lock-user';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { enrolThrottle } from '@/lib/rate-limit/throttle-keys';
import { readSubject } from '@/lib/users/read-subject';
import { replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { adoptRenewedToken, renewSessionToken } from '@/lib/sessions/renew-session-token';
import { matchTotpStep } from './totp-code';

/**
 * The wizard's last step: a code from the app proves it holds the secret. MFA turns on, the
 * first backup codes are made, the step is spent, the audit row and the e-mail notice are
 * written, all in one transaction. Returns the backup codes, shown once.
 */
export async function enableTotp({
  actor,
  userId,
  code,
  onEnabled,
}: {
  actor: Actor;
  userId: string;
  code: string;
  /**
   * What the caller does in the same commit once the app is proven: a sign-in that had to enrol
   * finishes there (enrolAtSignIn), so its session exists exactly when the factor does.
   */
  onEnabled?: (tx: Tx) => Promise<void>;
}): Promise<{ backupCodes: string[] }> {
  await authorize(actor, 'authenticator.enrol', { userId });
  const user = await readSubject(userId);
  // Checked again at the last step: the brand may have stopped offering it since the wizard began.
  if (!(await getEffectivePolicy({ userId })).settings.allowTwoFactor) throw new AppError('TWO_FACTOR_NOT_OFFERED');
  const current = actor.kind === 'self' ? actor.current : null;
  const credential = await prisma.totpCredential.findUnique({
    where: { userId: user.id },
    select: { encryptedSecret: true, confirmedAt: true },
  });
  if (credential?.confirmedAt) throw new AppError('MFA_ALREADY_ENABLED');
  if (!credential) throw new AppError('ENROLMENT_NOT_STARTED');
  // With a backup phone or address already protecting the account (where codes may stand
  // alone), this adds a factor: a sensitive change that needs a recent second factor.
  const isAlreadyOn = user.isMfaEnabled;
  if (isAlreadyOn) {
    const session = current ? await prisma.session.findUnique({ where: { id: current.session.id }, select: { secondFactorAt: true } }) : null;
    if (!session || !hasRecentSecondFactor(session)) {
      throw new AppError('REAUTH_BY_SIGNING_IN');
    }
  }

  const keys = enrolThrottle({ kind: 'totp-enrol', userId, ip: actor.request.ip });
  await beginAttempt(keys);
  const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: user.id });
  const step = matchTotpStep({ secret, code, at: new Date() });
  if (step === null) {
    await recordFailure(keys);
    throw new AppError('ENROLMENT_CODE_MISMATCH');
  }

  const { backupCodes, messageId, renewed } = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId: user.id });
    const { count } = await tx.totpCredential.updateMany({
      where: { userId: user.id, confirmedAt: null, encryptedSecret: credential.encryptedSecret },
      data: { confirmedAt: new Date(), lastUsedStep: step },
    });
    if (count !== 1) throw new AppError('ENROLMENT_NOT_STARTED');
    const backupCodes = await replaceBackupCodes(tx, { userId: user.id });
    // Proving the app just now is a fresh second factor for this session: an authentication
    // step, so the session gets a new token with it.
    const renewed = current ? await renewSessionToken(tx, current.session) : null;
    await recordAuditEvent(tx, { type: isAlreadyOn ? 'totp.added' : 'mfa.enabled', actor, subjectId: userId, detail: { method: 'totp' } });
    const messageId = await queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail(
        isAlreadyOn
          ? { notice: 'factor.added', actor, at: new Date(), what: 'an authenticator app' }
          : { notice: 'mfa.enabled', actor, at: new Date() },
      ),
    });
    await onEnabled?.(tx);
    return { backupCodes, messageId, renewed };
  });
  if (current && renewed) adoptRenewedToken(current, renewed);
  await recordSuccess(keys);
  await deliverMessages([messageId]);
  return { backupCodes };
}
