import { factorLockKey, passwordLockKeys, recoveryCodeLockKey } from '@/lib/rate-limit/throttle-keys';
import { factorThrottleLabels, SECOND_FACTOR_KINDS, type FactorRegistry } from './index';

/**
 * Every lock a user can be told to ask support about: the password's (web and mail clients') and,
 * for every kind of second factor, the one that counts wrong codes and the one that counts failed
 * set-ups; and the one of codes typed in a password recovery of its address (anyone can start
 * one, so after 100 wrong codes only support's unlock opens it again).
 */
export function accountLockKeys(user: { id: string; email: string }, kinds: FactorRegistry = SECOND_FACTOR_KINDS): string[] {
  return [
    ...passwordLockKeys(user.email),
    ...[...factorThrottleLabels(kinds).keys()].map((kind) => factorLockKey({ kind, userId: user.id })),
    recoveryCodeLockKey(user.email),
  ];
}

/** The support console's name of a lock, from its key ("<what>:<who>"). */
export function lockLabel(key: string, kinds: FactorRegistry = SECOND_FACTOR_KINDS): string {
  const what = key.slice(0, key.indexOf(':'));
  if (what === 'password') return 'Password';
  if (what === 'recovery_code') return 'Password recovery codes';
  return factorThrottleLabels(kinds).get(what) ?? what;
}
