import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import type { PolicySource, TAccountPolicy } from '@/lib/policy/policy-settings';

/** `requiredBy`: the layer whose requirement is in force, so a page can say "required by <organisation>". */
export type EnrolmentRequirement = { isRequired: false } | { isRequired: true; deadline: Date; isOverdue: boolean; requiredBy: PolicySource };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether an account without a second factor must set one up before it gets a session: its brand
 * requires two-factor authentication and the start date has come. The enrolment period starts at
 * the first sign-in under the requirement and is never renewed: the deadline is written once, by a
 * conditional update, and nothing clears it (not signing out, not a support reset).
 */
export async function enrolmentRequirement({ actor, userId, now = new Date() }: { actor: Actor; userId: string; now?: Date }): Promise<EnrolmentRequirement> {
  const { settings, sources } = await getEffectivePolicy({ userId });
  if (!isRequirementInForce(settings, now)) return { isRequired: false };
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, enrolmentDeadline: null },
      data: { enrolmentDeadline: new Date(now.getTime() + settings.enrolmentDays * DAY_MS) },
    });
    if (count === 1) await recordAuditEvent(tx, { type: 'enrolment.period_started', actor, subjectId: userId, detail: { days: settings.enrolmentDays } });
  });
  const { enrolmentDeadline } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { enrolmentDeadline: true } });
  const deadline = enrolmentDeadline ?? now;
  return { isRequired: true, deadline, isOverdue: now >= deadline, requiredBy: sources.requireTwoFactor };
}

/** The same question for a page, which only reads: the period started at the password step. */
export async function readEnrolmentRequirement({ userId, now = new Date() }: { userId: string; now?: Date }): Promise<EnrolmentRequirement> {
  const { settings, sources } = await getEffectivePolicy({ userId });
  if (!isRequirementInForce(settings, now)) return { isRequired: false };
  const { enrolmentDeadline } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { enrolmentDeadline: true } });
  const deadline = enrolmentDeadline ?? now;
  return { isRequired: true, deadline, isOverdue: now >= deadline, requiredBy: sources.requireTwoFactor };
}

function isRequirementInForce(settings: TAccountPolicy, now: Date): boolean {
  return settings.requireTwoFactor && !(settings.enforceFrom && now < new Date(`${settings.enforceFrom}T00:00:00Z`));
}

export function daysLeft(deadline: Date, now = new Date()): number {
  return Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS));
}
