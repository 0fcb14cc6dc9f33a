import { RateLimiterRes } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors/app-error';
import { limiter } from '@/lib/rate-limit/limiters';
import { keyedHash } from '@/lib/rate-limit/throttle-keys';
import { scopeBinding, type CodeScope } from './code-scope';

export type ResendSlot = { release: () => Promise<void> };

const NO_WAIT: ResendSlot = { release: async () => undefined };

const resendWait = (seconds: number) => limiter('resend', { points: 1, durationSeconds: seconds });

/**
 * One wait per sign-in (or verification) and destination: a second phone being added gets its
 * code at once, only the same number or address asked again waits (the destination as a keyed
 * hash, as every key naming one).
 */
function resendKey(scope: CodeScope, destination: string): string {
  return `${scope.purpose}:${scopeBinding(scope)}:${keyedHash(destination)}`;
}

/**
 * Takes the CODE_RESEND_WAIT_SECONDS slot of this scope and destination, or refuses with
 * RESEND_TOO_SOON. Checked and recorded in one statement (rate-limiter-flexible's upsert), so of
 * two sends racing for one destination exactly one gets a code. The caller releases the slot
 * when its send is refused or fails: nothing was sent, so nothing should be waited for.
 */
export async function claimResendSlot(scope: CodeScope, destination: string): Promise<ResendSlot> {
  const seconds = getEnv().CODE_RESEND_WAIT_SECONDS;
  if (seconds === 0) return NO_WAIT;
  const key = resendKey(scope, destination);
  try {
    await resendWait(seconds).consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new AppError('RESEND_TOO_SOON', { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) });
    }
    throw rejection;
  }
  return { release: () => releaseResendSlot(scope, destination) };
}

/**
 * Ends the wait of a destination: its send did not happen, or its code was just used. The wait
 * lasts only while the last code is unused; a code typed in has done its job, and the next one
 * (the same number added again, say) need not wait.
 */
export async function releaseResendSlot(scope: CodeScope, destination: string): Promise<void> {
  const seconds = getEnv().CODE_RESEND_WAIT_SECONDS;
  if (seconds === 0) return;
  await resendWait(seconds).delete(resendKey(scope, destination));
}
