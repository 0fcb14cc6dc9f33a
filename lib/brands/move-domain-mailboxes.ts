import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import { offeredChallengePolicies } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { DEFAULT_BRAND_SLUG } from './default-brand';

/**
 * Inside the transaction that gives `brandId` the domain: every mailbox on it moves into the brand.
 * The mailboxes are locked in the statement that finds them, so a change of one of them waits for
 * the move (and then meets the new brand's staff and policy). Each move takes the new brand's rules:
 * an enrolment deadline already set stays (never renewed; one not yet set starts at its next sign-in), a
 * challenge policy the new brand does not offer falls to "Always" (never to a default that asks less),
 * one audit row per mailbox and an e-mail to it naming the new brand. A mailbox in a family or
 * business account of its old brand cannot move alone (its organisation lives in that brand):
 * the whole move is refused. Returns how many moved and the notices to deliver after the commit.
 */
export async function moveDomainMailboxes(
  tx: Tx,
  { actor, brandId, domain }: { actor: Actor; brandId: string; domain: string },
): Promise<{ moved: number; messageIds: string[] }> {
  const mailboxes = await tx.$queryRaw<Array<{ id: string; brandId: string; challengePolicy: ChallengePolicy }>>`
    SELECT "id", "brandId"::text AS "brandId", "challengePolicy"::text AS "challengePolicy" FROM "User"
     WHERE lower(split_part("email", '@', 2)) = ${domain}
     ORDER BY "id"
     FOR UPDATE`;
  const moving = mailboxes.filter((mailbox) => mailbox.brandId !== brandId);
  if (moving.length === 0) return { moved: 0, messageIds: [] };
  // Only mailboxes no brand looks after move (those of the platform's default brand), and never a
  // staff account: its role would come under the new brand's console, policy and senders.
  const defaultBrandId = (await tx.brand.findUniqueOrThrow({ where: { slug: DEFAULT_BRAND_SLUG }, select: { id: true } })).id;
  if (moving.some((mailbox) => mailbox.brandId !== defaultBrandId)) throw new AppError('BRAND_DOMAIN_TAKEN');
  if ((await tx.roleGrant.count({ where: { userId: { in: moving.map((mailbox) => mailbox.id) } } })) > 0) throw new AppError('BRAND_DOMAIN_HAS_STAFF');
  const inOrganisation = await tx.organisationMember.count({
    where: { userId: { in: moving.map((mailbox) => mailbox.id) }, organisation: { brandId: { not: brandId } } },
  });
  if (inOrganisation > 0) throw new AppError('BRAND_DOMAIN_IN_ORGANISATION');
  const { settings } = await getEffectivePolicy({ brandId }, tx);
  const offered = offeredChallengePolicies(settings);
  const at = new Date();
  const messageIds: string[] = [];
  for (const mailbox of moving) {
    const challengePolicy = offered.includes(mailbox.challengePolicy) ? mailbox.challengePolicy : 'ALWAYS';
    // The enrolment deadline stays as it was (SECURITY.md: never renewed; a passed one stays passed).
    await tx.user.update({ where: { id: mailbox.id }, data: { brandId, challengePolicy } });
    await recordAuditEvent(tx, {
      type: 'mailbox.brand_moved',
      actor,
      subjectId: mailbox.id,
      brandId,
      detail: { domain, fromBrandId: mailbox.brandId, toBrandId: brandId, challengePolicy: { from: mailbox.challengePolicy, to: challengePolicy } },
    });
    // Read after the move: the notice names the new brand and its support.
    const audience = await readNoticeAudience(tx, { userId: mailbox.id });
    messageIds.push(...(await queueAccountNotice(tx, { audience, notice: 'mailbox.brand_moved', actor, at, what: audience.brand.name })));
  }
  return { moved: moving.length, messageIds };
}
