import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Actor } from '@/lib/core/actor';
import { spendOneTimeCode } from '@/lib/core/factor-kinds/codes/spend-one-time-code';
import type { RecoveryProof } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { recoveryCodeThrottle } from '@/lib/rate-limit/throttle-keys';
import { spendDecoyCode } from './decoy-recovery-code';
import { proofOfChannel, readPasswordRecovery } from './read-password-recovery';

/** What the visitor typed: the code we sent, or (as a second proof) an app or backup code. */
export type RecoveryProofInput = { kind: 'sent'; code: string } | { kind: 'factor'; code: TSecondFactorCode };

const PROOF_OF_METHOD: Record<string, RecoveryProof> = { totp: 'AUTHENTICATOR', backup_code: 'BACKUP_CODE' };

/**
 * Checks one proof of a recovery and, when it holds, adds it to the recovery's proofs in the
 * transaction that spends the code (a code is used once, and only by the change it proves).
 * Wrong sent codes count on recovery's own throttle (per address recovered and per client
 * address: never the sign-in's, which anyone could otherwise lock without a code ever being
 * sent), on the code (5 tries) and on the recovery (10 in all). A decoy goes through the same
 * steps: its code (decoy-recovery-code.ts) is counted as a mailbox's is, and the answers are
 * mapped alike, so no sequence of sends and wrong codes tells the two apart.
 */
export async function proveRecoveryFactor({
  secret,
  proof,
  request,
}: {
  secret: string | null;
  proof: RecoveryProofInput;
  request: RequestContext;
}): Promise<{ proofs: RecoveryProof[] }> {
  const read = await readPasswordRecovery({ secret });
  if (!read) throw new AppError('RECOVERY_NOT_FOUND');
  const { recovery, account, step, decoy } = read;
  const actor: Actor = { kind: 'visitor', request };
  const countFailure = () =>
    prisma.passwordRecovery.update({ where: { id: recovery.id }, data: { failedAttempts: { increment: 1 } }, select: { failedAttempts: true } });

  const addProof = async (tx: Tx, given: RecoveryProof) => {
    // Only while the recovery is live: a proof for one that expired or was used meanwhile rolls
    // back the code's spending with it. A proof already there (two tabs posting backup codes at
    // once) rolls it back too: the second code proved nothing new and must stay unspent.
    const live = { id: recovery.id, consumedAt: null, expiresAt: { gt: new Date() } };
    const { count } = await tx.passwordRecovery.updateMany({ where: { ...live, NOT: { proofs: { has: given } } }, data: { proofs: { push: given } } });
    if (count === 0) {
      throw new AppError((await tx.passwordRecovery.count({ where: live })) === 0 ? 'RECOVERY_NOT_FOUND' : 'RECOVERY_PROOF_ALREADY_GIVEN');
    }
  };

  if (proof.kind === 'factor') {
    // A decoy's step is always the first one, so an app or backup code meets this refusal there
    // as it does for a mailbox that has proven nothing yet.
    if (step.step !== 'prove-another' || !account) throw new AppError('RECOVERY_NOT_READY');
    const given = PROOF_OF_METHOD[proof.code.method];
    const isOffered = (given === 'AUTHENTICATOR' && step.acceptsAuthenticator) || (given === 'BACKUP_CODE' && step.acceptsBackupCode);
    if (!given || !isOffered) throw new AppError('INVALID_CODE');
    try {
      await verifySecondFactor({
        actor,
        userId: account.userId,
        code: proof.code,
        failureEvent: 'password.recovery_proof_failed',
        onVerified: (tx) => addProof(tx, given),
      });
    } catch (error) {
      if (isWrongCode(error)) await countFailure();
      throw error;
    }
    return { proofs: [...recovery.proofs, given] };
  }

  if (step.step !== 'choose-destination' && step.step !== 'prove-another') throw new AppError('RECOVERY_NOT_READY');
  const keys = recoveryCodeThrottle({ email: recovery.email, ip: request.ip });
  await beginAttempt(keys);
  try {
    const given =
      decoy || !account
        ? await spendDecoyCode(recovery.id)
        : await spendOneTimeCode({
            scope: { purpose: 'RECOVERY', userId: account.userId, passwordRecoveryId: recovery.id },
            code: proof.code,
            onVerified: async (tx, spent) => {
              const channelProof = proofOfChannel(spent.channel === 'EMAIL' ? 'EMAIL' : 'SMS');
              await addProof(tx, channelProof);
              return channelProof;
            },
          });
    await recordSuccess(keys);
    return { proofs: [...new Set([...recovery.proofs, given])] };
  } catch (error) {
    if (!isWrongCode(error)) throw error;
    await recordFailure(keys);
    await countFailure();
    // Audited for an address that is no mailbox too (no subject): the same work either way, and
    // guesses at recoveries of unknown addresses are worth seeing.
    await recordAuditEvent(prisma, { type: 'password.recovery_proof_failed', actor, subjectId: account?.userId ?? null, detail: { method: 'sent_code', reason: error.code } });
    // No code asked for yet reads as a wrong one.
    if (error.code === 'SENT_CODE_NOT_FOUND') throw new AppError('INVALID_CODE');
    throw error;
  }
}
