import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Tx } from '@/lib/db/prisma';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import type { TAccountPolicy } from '@/lib/policy/policy-settings';
import { CHALLENGE_POLICY_LABELS, withdrawnChallengePolicies } from './challenge-policies';

type ChallengeSettings = Pick<TAccountPolicy, 'offerNewIpChallenge' | 'offerNewCountryChallenge' | 'offerNeverChallenge' | 'requireTwoFactor'>;

/**
 * After a change of a brand's policy (or of the platform's, for each brand), inside the change's
 * transaction: every mailbox of the brand whose chosen challenge policy is no longer offered goes
 * to "Always" (the strictest, never the brand's default, which may ask less often), each with an
 * audit row and a notice to the owner, so nobody is silently asked less, or more, than they think.
 * Returns the notices' message ids, to deliver after the commit.
 */
export async function withdrawChallengeChoices(
  tx: Tx,
  { actor, brandId, before, after }: { actor: Actor; brandId: string; before: ChallengeSettings; after: ChallengeSettings },
): Promise<string[]> {
  const withdrawn = withdrawnChallengePolicies({ ...before, defaultChallengePolicy: 'ALWAYS' }, { ...after, defaultChallengePolicy: 'ALWAYS' });
  if (withdrawn.length === 0) return [];
  // Locked in the same statement that finds them, so a choice saved meanwhile is seen or waits.
  const affected = await tx.$queryRaw<Array<{ id: string; challengePolicy: keyof typeof CHALLENGE_POLICY_LABELS }>>`
    SELECT "id", "challengePolicy"::text AS "challengePolicy" FROM "User"
     WHERE "brandId" = ${brandId}::uuid AND "challengePolicy"::text = ANY(${withdrawn}::text[])
     FOR UPDATE`;
  const at = new Date();
  const messageIds: string[] = [];
  for (const user of affected) {
    await tx.user.update({ where: { id: user.id }, data: { challengePolicy: 'ALWAYS' } });
    await recordAuditEvent(tx, { type: 'challenge_policy.withdrawn', actor, subjectId: user.id, detail: { from: user.challengePolicy, to: 'ALWAYS', brandId } });
    const audience = await readNoticeAudience(tx, { userId: user.id });
    messageIds.push(...(await queueAccountNotice(tx, { audience, notice: 'challenge_policy.withdrawn', actor, at, what: CHALLENGE_POLICY_LABELS[user.challengePolicy] })));
  }
  return messageIds;
}
