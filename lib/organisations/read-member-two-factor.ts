import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { organisationScope, readPolicyLayers } from '@/lib/policy/policy-layer';
import { REMINDER_INTERVAL_MS } from './remind-member';

/**
 * What an organisation's administrators see of their members' two-factor authentication: the
 * organisation's requirement (its own layer, and what its brand requires above it), each member's
 * state and enrolment deadline (never a factor), whether "Remind" may be pressed, whether its
 * administrators may reset (business accounts always; family accounts where the brand lets them),
 * and the resets of administrators waiting for a second one. Administrators only (authorised).
 */
export async function readMemberTwoFactor({ actor, organisationId, now = new Date() }: { actor: Actor; organisationId: string; now?: Date }) {
  await authorize(actor, 'organisation.manage', { organisationId });
  const scope = organisationScope(organisationId);
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { kind: true, brandId: true } });
  const [layers, brand, members, requests] = await Promise.all([
    readPolicyLayers([scope]),
    getEffectivePolicy({ brandId: organisation.brandId }),
    prisma.organisationMember.findMany({
      where: { organisationId },
      orderBy: { createdAt: 'asc' },
      select: { role: true, remindedAt: true, user: { select: { id: true, email: true, enrolmentDeadline: true, ...MFA_STATE_SELECT } } },
    }),
    prisma.organisationResetRequest.findMany({
      where: { organisationId, status: 'PENDING', expiresAt: { gt: now } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, memberId: true, requestedById: true, reason: true, expiresAt: true, member: { select: { email: true } }, requestedBy: { select: { email: true } } },
    }),
  ]);
  const own = layers.get(scope) ?? {};
  const actorId = actingUserId(actor);
  return {
    requirement: {
      isRequired: own.requireTwoFactor === true,
      enrolmentDays: own.enrolmentDays ?? null,
      enforceFrom: own.enforceFrom ?? null,
      /** The brand's own requirement, which holds whatever the organisation chooses. */
      brand: brand.settings.requireTwoFactor ? { enrolmentDays: brand.settings.enrolmentDays, enforceFrom: brand.settings.enforceFrom } : null,
    },
    mayReset: organisation.kind === 'BUSINESS' || brand.settings.familyAdminsMayReset,
    members: members.map((member) => ({
      userId: member.user.id,
      isMfaEnabled: isMfaEnabled(member.user),
      enrolmentDeadline: member.user.enrolmentDeadline,
      mayRemind: !member.remindedAt || now.getTime() - member.remindedAt.getTime() >= REMINDER_INTERVAL_MS,
      remindedAt: member.remindedAt,
    })),
    resetRequests: requests.map((request) => ({
      id: request.id,
      memberId: request.memberId,
      memberEmail: request.member.email,
      requestedByEmail: request.requestedBy?.email ?? null,
      reason: request.reason,
      expiresAt: request.expiresAt,
      /** The administrator who asked cannot confirm; another can. */
      mayConfirm: request.requestedById !== actorId && request.memberId !== actorId,
    })),
  };
}

export type MemberTwoFactor = Awaited<ReturnType<typeof readMemberTwoFactor>>;
