import { confirmRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { AppError } from '@/lib/errors/app-error';
import { actingUserId, type Actor } from '@/lib/core/actor';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { prisma } from '@/lib/db/prisma';

/**
 * Sensitive changes need the person acting to have proven a second factor in the last few
 * minutes, or to prove one now with `code` (ASVS 5 7.5.1); staff changes too (ASVS 5 6.4.4).
 * The console's operator is trusted like the machine and has no second factor to prove. With
 * `exceptWithoutSecondFactor`, neither has a signed-in owner whose own account has no second
 * factor yet (adding a first phone, an app password before any factor): the one place that
 * exemption is decided, for changes of the owner's own account (changeAccount). An organisation's
 * changes never take it: they act on others' security and money (reauthenticateInOrganisation).
 */
export async function reauthenticate({
  actor,
  code,
  exceptWithoutSecondFactor = false,
}: {
  actor: Actor;
  code: TSecondFactorCode | null;
  exceptWithoutSecondFactor?: boolean;
}): Promise<void> {
  // The console's operator is trusted like the machine; an enrolling owner has no factor yet; a
  // recovering visitor's proofs are its recovery's, checked by the recovery.
  if (actor.kind === 'console' || actor.kind === 'enrolling' || actor.kind === 'recovering') return;
  if (actor.kind === 'visitor' || actor.kind === 'mail-client') throw new AppError('NOT_SIGNED_IN');
  if (exceptWithoutSecondFactor && actor.kind === 'self' && !(await hasSecondFactor(actingUserId(actor)))) return;
  await confirmRecentSecondFactor({ current: actor.current, code, request: actor.request });
}

async function hasSecondFactor(userId: string | null): Promise<boolean> {
  const row = userId ? await prisma.user.findUnique({ where: { id: userId }, select: MFA_STATE_SELECT }) : null;
  if (!row) throw new AppError('USER_NOT_FOUND');
  return isMfaEnabled(row);
}
