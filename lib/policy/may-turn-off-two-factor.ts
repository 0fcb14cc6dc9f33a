import type { TAccountPolicy } from './policy-settings';

/**
 * Whether a user may turn their own two-factor authentication off: the brand lets users disable
 * it, and does not require it. The page asks this to offer "Disable"; the verb refuses without it.
 */
export function mayTurnOffTwoFactor(policy: TAccountPolicy): boolean {
  return policy.allowDisable && !policy.requireTwoFactor;
}
