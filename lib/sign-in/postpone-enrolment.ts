import { afterSessionCreated } from '@/lib/sessions/after-session-created';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { enrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import type { CreatedSession } from '@/lib/sessions/create-session';
import { requireEnrollingAttempt, type SignInAttempt } from './sign-in-attempt';

/**
 * "Set up later": during the enrolment period a sign-in that must enrol may go on without a second
 * factor, once. After the deadline there is no way in but enrolling, and the session this opens
 * ends at the deadline: no session made during the period outlives it.
 */
export async function postponeEnrolment({ attempt }: { attempt: SignInAttempt | null }): Promise<CreatedSession> {
  const enrolling = requireEnrollingAttempt(attempt);
  const requirement = await enrolmentRequirement({ actor: enrolling.actor, userId: enrolling.pendingLogin.userId });
  if (requirement.isRequired && requirement.isOverdue) throw new AppError('ENROLMENT_OVERDUE');
  const claimed = await enrolling.claim();
  try {
    const session = await prisma.$transaction((tx) => claimed.finish(tx, { postponedUntil: requirement.isRequired ? requirement.deadline : null }));
    await afterSessionCreated(session);
    return session;
  } catch (error) {
    await claimed.refund();
    throw error;
  }
}
