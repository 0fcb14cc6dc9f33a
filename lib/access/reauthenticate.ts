import { confirmRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';

/**
 * Sensitive changes need the person acting to have proven a second factor in the last few
 * minutes, or to prove one now with `code` (ASVS 5 7.5.1); staff changes too (ASVS 5 6.4.4).
 * The console's operator is trusted like the machine and has no second factor to prove.
 */
export async function reauthenticate({ actor, code }: { actor: Actor; code: TSecondFactorCode | null }): Promise<void> {
  // The console's operator is trusted like the machine; an enrolling owner has no factor yet; a
  // recovering visitor's proofs are its recovery's, checked by the recovery.
  if (actor.kind === 'console' || actor.kind === 'enrolling' || actor.kind === 'recovering') return;
  if (actor.kind === 'visitor' || actor.kind === 'mail-client') throw new AppError('NOT_SIGNED_IN');
  await confirmRecentSecondFactor({ current: actor.current, code, request: actor.request });
}

