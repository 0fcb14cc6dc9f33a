import { SECOND_FACTOR_KINDS } from '@/lib/mfa/second-factor-kinds';
import { factorLockKey, passwordLockKeys } from '@/lib/rate-limit/throttle-keys';

/**
 * Every lock a user can be told to ask support about: the password's (web and mail clients') and,
 * for every kind of second factor, the one that counts wrong codes and the one that counts failed
 * set-ups. Built here, above both the rate limits and the factor kinds, so the unlock and the
 * support page list the same keys.
 */
export function accountLockKeys(user: { id: string; email: string }): string[] {
  const kinds = new Set<string>();
  for (const kind of SECOND_FACTOR_KINDS) {
    kinds.add(kind.check);
    if (kind.enrolThrottle) kinds.add(kind.enrolThrottle);
  }
  return [...passwordLockKeys(user.email), ...[...kinds].map((kind) => factorLockKey({ kind, userId: user.id }))];
}
