import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { enrolThrottle } from '@/lib/rate-limit/throttle-keys';
import { enrolThrottleOf } from '@/lib/core/factor-kinds';
import { readSubject } from '@/lib/users/read-subject';
import { newBackupCodeSet, replaceBackupCodes, type BackupCodeSet } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { adoptRenewedToken, renewSessionToken, type RenewedToken } from '@/lib/sessions/renew-session-token';
import { matchTotpStep } from '@/lib/core/factor-kinds/codes/totp-code';

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
  // With a backup phone or address already protecting the account (where codes may stand
  // alone), this adds a factor: a sensitive change that needs a recent second factor.
  const isAlreadyOn = (await readSubject(userId)).isMfaEnabled;
  const current = actor.kind === 'self' ? actor.current : null;
  const keys = enrolThrottle({ kind: enrolThrottleOf('totp'), userId, ip: actor.request.ip });
  let proven = null as { encryptedSecret: string; step: number } | null;
  let renewed = null as RenewedToken | null;
  let set = null as BackupCodeSet | null;
  const backupCodes = await changeAccount(
    {
      actor,
      userId,
      action: 'authenticator.enrol',
      // Proving the app's code is the proof; an account that is already protected also needs a
      // recent second factor, checked below (a code typed here is the new app's, not one of those).
      reauth: 'none',
      audit: isAlreadyOn ? 'totp.added' : 'mfa.enabled',
      notice: isAlreadyOn ? 'factor.added' : 'mfa.enabled',
      check: async () => {
        // Checked again at the last step: the brand may have stopped offering it since the wizard began.
        if (!(await getEffectivePolicy({ userId })).settings.allowTwoFactor) throw new AppError('TWO_FACTOR_NOT_OFFERED');
        const credential = await prisma.totpCredential.findUnique({ where: { userId }, select: { encryptedSecret: true, confirmedAt: true } });
        if (credential?.confirmedAt) throw new AppError('MFA_ALREADY_ENABLED');
        if (!credential) throw new AppError('ENROLMENT_NOT_STARTED');
        if (isAlreadyOn) {
          const held = current ? await prisma.session.findUnique({ where: { id: current.session.id }, select: { secondFactorAt: true } }) : null;
          if (!held || !hasRecentSecondFactor(held)) throw new AppError('REAUTH_BY_SIGNING_IN');
        }
        await beginAttempt(keys);
        const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: userId });
        const step = matchTotpStep({ secret, code, at: new Date() });
        if (step === null) {
          await recordFailure(keys);
          throw new AppError('ENROLMENT_CODE_MISMATCH');
        }
        proven = { encryptedSecret: credential.encryptedSecret, step };
      },
      prepare: async () => {
        set = await newBackupCodeSet();
      },
    },
    async (tx) => {
      if (!proven || !set) throw new Error('enableTotp: the change ran before the code was checked');
      const { count } = await tx.totpCredential.updateMany({
        where: { userId, confirmedAt: null, encryptedSecret: proven.encryptedSecret },
        data: { confirmedAt: new Date(), lastUsedStep: proven.step },
      });
      if (count !== 1) throw new AppError('ENROLMENT_NOT_STARTED');
      const backupCodes = await replaceBackupCodes(tx, { userId, set });
      // Proving the app just now is a fresh second factor for this session: an authentication
      // step, so the session gets a new token with it.
      renewed = current ? await renewSessionToken(tx, current.session) : null;
      await onEnabled?.(tx);
      return { result: backupCodes, detail: { method: 'totp' }, what: isAlreadyOn ? 'an authenticator app' : undefined };
    },
  );
  if (current && renewed) adoptRenewedToken(current, renewed);
  await recordSuccess(keys);
  return { backupCodes };
}
