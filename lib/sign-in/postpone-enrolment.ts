import type { Actor } from '@/lib/access/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { AppError } from '@/lib/errors/app-error';
import { createSession, type CreatedSession } from '@/lib/sessions/create-session';
import { enrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import { consumePendingLogin } from './pending-login';

/**
 * "Set up later": during the enrolment period a sign-in that must enrol may go on without a second
 * factor, once. After the deadline there is no way in but enrolling, and the session this opens
 * ends at the deadline: no session made during the period outlives it.
 */
export async function postponeEnrolment({ actor }: { actor: Actor & { kind: 'enrolling' } }): Promise<CreatedSession> {
  const userId = actor.pendingLogin.userId;
  const requirement = await enrolmentRequirement({ actor, userId });
  if (requirement.isRequired && requirement.isOverdue) throw new AppError('ENROLMENT_OVERDUE');
  const session = await prisma.$transaction(async (tx) => {
    await consumePendingLogin(tx, { id: actor.pendingLogin.id });
    await recordAuditEvent(tx, {
      type: 'enrolment.postponed',
      actor,
      subjectId: userId,
      detail: requirement.isRequired ? { deadline: requirement.deadline.toISOString() } : {},
    });
    return createSession(tx, { userId, request: actor.request, secondFactorAt: null, endsBy: requirement.isRequired ? requirement.deadline : null });
  });
  await deliverMessages(session.messageIds);
  return session;
}
