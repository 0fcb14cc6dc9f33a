import { AppError } from '@/lib/errors/app-error';
import { MAX_ATTEMPTS_PER_CODE, ONE_TIME_CODE_TTL_MS } from '@/lib/core/factor-kinds/codes/one-time-code';
import { limiter } from '@/lib/rate-limit/limiters';

// The code a decoy "sends". The wrong codes typed for it must meet exactly what a mailbox's code
// meets (spendOneTimeCode): nothing sent yet, SENT_CODE_NOT_FOUND; 5 wrong tries per code, then
// SENT_CODE_TRIES_USED; expired after 10 minutes, CODE_EXPIRED; a new send replaces it with fresh
// tries. A OneTimeCode row needs a user, and an address that is no mailbox has none, so the
// decoy's code is kept as its count of tries in the rate_limits table, bound to the recovery.
// There is no code to keep: nothing is delivered, so nothing typed can match.

/** The row outlives the code, so that an expired code is told as expired (as a mailbox's is). */
const ROW_SECONDS = (2 * ONE_TIME_CODE_TTL_MS) / 1000;
const decoyCodes = () => limiter('decoy-code', { points: MAX_ATTEMPTS_PER_CODE, durationSeconds: ROW_SECONDS });

/** A decoy's send: a new code for the recovery, with all its tries (any earlier one is replaced). */
export async function issueDecoyCode(passwordRecoveryId: string): Promise<void> {
  await decoyCodes().set(passwordRecoveryId, 0, ROW_SECONDS);
}

/** A code typed for a decoy: counted on its code as a wrong one, and refused as spendOneTimeCode would. */
export async function spendDecoyCode(passwordRecoveryId: string): Promise<never> {
  const code = await decoyCodes().get(passwordRecoveryId);
  if (!code) throw new AppError('SENT_CODE_NOT_FOUND');
  if (code.msBeforeNext <= ROW_SECONDS * 1000 - ONE_TIME_CODE_TTL_MS) throw new AppError('CODE_EXPIRED');
  if (code.consumedPoints >= MAX_ATTEMPTS_PER_CODE) throw new AppError('SENT_CODE_TRIES_USED');
  await decoyCodes().penalty(passwordRecoveryId, 1);
  throw new AppError('INVALID_CODE');
}
