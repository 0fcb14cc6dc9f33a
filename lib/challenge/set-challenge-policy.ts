import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { runSupportAction } from '@/lib/support/support-action';
import { CHALLENGE_POLICY_LABELS, offeredChallengePolicies } from './challenge-policies';

/**
 * When the second factor is asked at sign-in, among the choices the mailbox's brand offers. Asking
 * less often weakens the account, so it needs a second factor proven in the last few minutes (or
 * `code` now), from the owner and from staff alike; staff also give a reason, and the owner is told.
 */
export async function setChallengePolicy({
  actor,
  userId,
  challengePolicy,
  code = null,
  reason = null,
  expectedBrandId = null,
}: {
  actor: Actor;
  userId: string;
  challengePolicy: ChallengePolicy;
  code?: TSecondFactorCode | null;
  reason?: string | null;
  expectedBrandId?: string | null;
}): Promise<void> {
  const assertOffered = async () => {
    if (!offeredChallengePolicies((await getEffectivePolicy({ userId })).settings).includes(challengePolicy)) {
      throw new AppError('CHALLENGE_POLICY_NOT_OFFERED');
    }
  };
  const write = async (tx: Tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { challengePolicy: true } });
    await tx.user.update({ where: { id: userId }, data: { challengePolicy } });
    return { from: before.challengePolicy, to: challengePolicy };
  };
  if (actor.kind === 'staff' || actor.kind === 'console') {
    await runSupportAction(
      { actor, userId, reason, code, expectedBrandId },
      { action: 'challenge_policy.set', auditType: 'challenge_policy.changed' },
      async (tx) => {
        await assertOffered();
        const detail = await write(tx);
        return { result: undefined, detail, notice: 'support.challenge_policy_changed', what: CHALLENGE_POLICY_LABELS[challengePolicy] };
      },
    );
    return;
  }
  await authorize(actor, 'challenge_policy.set', { userId });
  await assertOffered();
  await reauthenticate({ actor, code });
  await prisma.$transaction(async (tx) => {
    const detail = await write(tx);
    await recordAuditEvent(tx, { type: 'challenge_policy.changed', actor, subjectId: userId, detail });
  });
}
