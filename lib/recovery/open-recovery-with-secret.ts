import { AppError } from '@/lib/errors/app-error';
import { findLiveRecovery } from './find-live-recovery';

/**
 * Support's reset link, when its "Continue" is pressed (a POST: a mail scanner following the link
 * spends nothing): the link's secret is the recovery's, and becomes the browser's recovery cookie
 * until the recovery's own expiry. The recovery keeps the proofs support's link set.
 */
export async function openRecoveryWithSecret({ secret }: { secret: string }): Promise<{ secret: string; expiresAt: Date }> {
  const recovery = await findLiveRecovery({ secret });
  if (!recovery || recovery.origin !== 'SUPPORT_LINK') throw new AppError('RECOVERY_LINK_INVALID');
  return { secret, expiresAt: recovery.expiresAt };
}
