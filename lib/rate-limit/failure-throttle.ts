import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@/lib/errors/app-error';
import { getPgPool } from '@/lib/db/pg-pool';
import { limiter } from './limiters';

// NIST SP 800-63B 5.2.2 / ASVS 4 2.2.1, per account and per authenticator:
// - at most 100 consecutive failures, then the method is locked until a success elsewhere
//   (support reset) clears it;
// - from the 5th failure on, a growing wait before the next attempt (2 s, 4 s, 8 s ... 15 min);
// - only a success clears the count: asking for a new code or a new sign-in does not.
// Per IP, a window of failures across all accounts, against spraying one password over many.
export const MAX_CONSECUTIVE_FAILURES = 100;
export const FAILURES_BEFORE_WAITING = 5;
const MAX_WAIT_SECONDS = 15 * 60;
const IP_FAILURES = { points: 50, durationSeconds: 15 * 60 };

export type ThrottleKeys = { account: string; ip: string };

const consecutive = () => limiter('fail', { points: MAX_CONSECUTIVE_FAILURES, durationSeconds: 0 });
const waits = () => limiter('wait', { points: 1, durationSeconds: 1 });
const perIp = () => limiter('ipfail', IP_FAILURES);

export function waitAfterFailures(failures: number): number {
  if (failures < FAILURES_BEFORE_WAITING) return 0;
  return Math.min(2 ** (failures - FAILURES_BEFORE_WAITING + 1), MAX_WAIT_SECONDS);
}

/**
 * Counts an attempt before it is checked. The attempt takes one of the 100 points up front, so
 * parallel guesses cannot overshoot the cap; a success gives the whole count back.
 *
 * The address window is read first, so an address over it never touches an account's count
 * (rate-limiter-flexible adds a point even to a consume it then refuses).
 *
 * Waits hold under parallel requests too: once five earlier attempts exist (failed, or still
 * being checked), an attempt must also take the account's wait slot, which admits one attempt at
 * a time and stays closed for the wait a failure earns. An attempt refused here gives its point
 * back, because no code or password was checked.
 */
export async function beginAttempt(keys: ThrottleKeys): Promise<void> {
  const ip = await perIp().get(keys.ip);
  if (ip && ip.consumedPoints >= IP_FAILURES.points) {
    throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: Math.ceil(ip.msBeforeNext / 1000) });
  }
  let earlierAttempts: number;
  try {
    earlierAttempts = (await consecutive().consume(keys.account)).consumedPoints - 1;
  } catch (rejection) {
    // Checked before any wait, so a locked method says so instead of "try again in 15 minutes",
    // which would promise a check that never comes.
    if (rejection instanceof RateLimiterRes) throw new AppError('ACCOUNT_LOCKED');
    throw rejection;
  }
  if (earlierAttempts < FAILURES_BEFORE_WAITING) return;
  try {
    await waits().consume(keys.account);
  } catch (rejection) {
    await consecutive().reward(keys.account, 1);
    if (rejection instanceof RateLimiterRes) {
      throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) });
    }
    throw rejection;
  }
}

/** After a failed check: the attempt already counted; start the wait it earns and charge the IP. */
export async function recordFailure(keys: ThrottleKeys): Promise<void> {
  const count = (await consecutive().get(keys.account))?.consumedPoints ?? 0;
  const seconds = waitAfterFailures(count);
  await Promise.all([
    seconds > 0 ? waits().block(keys.account, seconds) : Promise.resolve(),
    perIp()
      .penalty(keys.ip, 1)
      .catch(() => undefined),
  ]);
}

/**
 * After a check that proved the right secret but was refused for another reason (a mail app
 * offering the account password once two-factor is on): not a guess, so the attempt's point goes
 * back, and nothing else changes. Unlike a success, earlier failures stay counted.
 */
export async function forgetAttempt(keys: ThrottleKeys): Promise<void> {
  await consecutive().reward(keys.account, 1);
}

export async function recordSuccess(keys: ThrottleKeys): Promise<void> {
  await clearFailures([keys.account]);
}

/** Forgets the failure counts and waits of these account keys: a success, or a support unlock. */
export async function clearFailures(accounts: string[]): Promise<void> {
  await getPgPool().query(clearFailuresSql('$1'), [failureRowKeys(accounts)]);
}

/**
 * The one statement that forgets failures: it deletes the `rate_limits` rows of the accounts'
 * counts and waits, all in one statement. A caller that must commit it inside its own statement
 * (the password step, with the pending login, on every sign-in) embeds this and passes
 * `failureRowKeys(accounts)` as the parameter `keysParameter` names.
 */
export function clearFailuresSql(keysParameter: `$${number}`): string {
  return `DELETE FROM rate_limits WHERE key = ANY(${keysParameter}::text[])`;
}

export function failureRowKeys(accounts: string[]): string[] {
  return accounts.flatMap((account) => [consecutive().getKey(account), waits().getKey(account)]);
}

export async function countFailures(account: string): Promise<number> {
  return (await consecutive().get(account))?.consumedPoints ?? 0;
}
