import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { keyedHash, verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { findLiveRecovery } from './find-live-recovery';
import { normaliseSupportResetCode } from './support-reset-code';

const ZSupportCodeInputSchema = z.object({
  email: ZEmailSchema,
  code: z.string().max(64, 'That is too long to be a reset code.').min(1, 'Enter the reset code support gave you.'),
});

/**
 * "I have a reset code from support": the code (its canonical form is the recovery's secret)
 * opens the recovery support issued, only together with the address it was issued for, so a code
 * for one mailbox never opens another. Wrong tries count per address typed and per client address.
 */
export async function openRecoveryWithSupportCode({
  email,
  code,
  request,
}: {
  email: string;
  code: string;
  request: RequestContext;
}): Promise<{ secret: string; expiresAt: Date }> {
  const parsed = ZSupportCodeInputSchema.safeParse({ email, code });
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const keys = verifyThrottle({ kind: 'support_reset_code', userId: keyedHash(parsed.data.email), ip: request.ip });
  await beginAttempt(keys);
  const secret = normaliseSupportResetCode(parsed.data.code);
  const recovery = secret ? await findLiveRecovery({ secret }) : null;
  if (!secret || !recovery || recovery.origin !== 'SUPPORT_CODE' || recovery.email !== parsed.data.email) {
    await recordFailure(keys);
    throw new AppError('SUPPORT_RESET_CODE_WRONG');
  }
  await recordSuccess(keys);
  return { secret, expiresAt: recovery.expiresAt };
}
