import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
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
  const isStaff = actor.kind === 'staff' || actor.kind === 'console';
  await changeAccount(
    {
      actor,
      userId,
      action: 'challenge_policy.set',
      reauth: { code },
      reason,
      expectedBrandId,
      audit: 'challenge_policy.changed',
      // The owner chose it on their own page; a change by staff is told to the owner.
      notice: isStaff ? 'support.challenge_policy_changed' : null,
      check: async () => {
        if (!offeredChallengePolicies((await getEffectivePolicy({ userId })).settings).includes(challengePolicy)) {
          throw new AppError('CHALLENGE_POLICY_NOT_OFFERED');
        }
      },
    },
    async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { challengePolicy: true } });
      await tx.user.update({ where: { id: userId }, data: { challengePolicy } });
      return { result: undefined, detail: { from: before.challengePolicy, to: challengePolicy }, what: CHALLENGE_POLICY_LABELS[challengePolicy] };
    },
  );
}
