import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { CHALLENGE_POLICIES, type TAccountPolicy } from '@/lib/policy/policy-settings';

/** The choices in the words the security page, the brand screens and support show. */
export const CHALLENGE_POLICY_LABELS: Record<ChallengePolicy, string> = {
  ALWAYS: 'Always',
  NEW_IP: 'Only from a new IP address',
  NEW_COUNTRY: 'Only from a new country',
  NEVER: 'Never',
};

export const CHALLENGE_POLICY_HINTS: Record<ChallengePolicy, string> = {
  ALWAYS: 'Every sign-in asks for a code after your password.',
  NEW_IP: 'Signing in from an address where you have entered a code before needs only your password.',
  NEW_COUNTRY: 'Signing in from a country where you have entered a code before needs only your password.',
  NEVER: 'Your password alone signs you in; the code is asked only for changes to your security.',
};

type ChallengeSettings = Pick<TAccountPolicy, 'offerNewIpChallenge' | 'offerNewCountryChallenge' | 'offerNeverChallenge' | 'requireTwoFactor' | 'defaultChallengePolicy'>;

/** What a mailbox's brand lets its users choose: "Always" always, "Never" never while 2FA is required. */
export function offeredChallengePolicies(settings: ChallengeSettings): ChallengePolicy[] {
  return CHALLENGE_POLICIES.filter((policy) => {
    switch (policy) {
      case 'ALWAYS':
        return true;
      case 'NEW_IP':
        return settings.offerNewIpChallenge;
      case 'NEW_COUNTRY':
        return settings.offerNewCountryChallenge;
      case 'NEVER':
        return settings.offerNeverChallenge && !settings.requireTwoFactor;
    }
  });
}

/**
 * The policy that applies at sign-in: the mailbox's own while its brand still offers it. A choice
 * since withdrawn (by the brand or the platform) falls back to "Always", never to the brand's
 * default, which may ask less often than the choice it replaces; the owner is e-mailed when it is
 * withdrawn (lib/challenge/withdraw-challenge-choices.ts). Staff accounts are always asked: a
 * staff session must prove a second factor before it acts as staff.
 */
export function effectiveChallengePolicy({
  chosen,
  settings,
  isStaff,
}: {
  chosen: ChallengePolicy;
  settings: ChallengeSettings;
  isStaff: boolean;
}): ChallengePolicy {
  if (isStaff) return 'ALWAYS';
  return offeredChallengePolicies(settings).includes(chosen) ? chosen : 'ALWAYS';
}

/** The choices offered under `before` that `after` no longer offers ("Always" is never withdrawn). */
export function withdrawnChallengePolicies(before: ChallengeSettings, after: ChallengeSettings): ChallengePolicy[] {
  const offered = offeredChallengePolicies(after);
  return offeredChallengePolicies(before).filter((policy) => !offered.includes(policy));
}
