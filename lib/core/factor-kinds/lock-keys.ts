import { factorLockKey, passwordLockKeys } from '@/lib/rate-limit/throttle-keys';
import { factorThrottleLabels, SECOND_FACTOR_KINDS, type FactorRegistry } from './index';

/**
 * Every lock a user can be told to ask support about: the password's (web and mail clients') and,
 * for every kind of second factor, the one that counts wrong codes and the one that counts failed
 * set-ups.
 */
export function accountLockKeys(user: { id: string; email: string }, kinds: FactorRegistry = SECOND_FACTOR_KINDS): string[] {
  return [...passwordLockKeys(user.email), ...[...factorThrottleLabels(kinds).keys()].map((kind) => factorLockKey({ kind, userId: user.id }))];
}

/** The support console's name of a lock, from its key ("<what>:<who>"). */
export function lockLabel(key: string, kinds: FactorRegistry = SECOND_FACTOR_KINDS): string {
  const what = key.slice(0, key.indexOf(':'));
  if (what === 'password') return 'Password';
  return factorThrottleLabels(kinds).get(what) ?? what;
}
