import { z } from 'zod';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { factorName, POLICY_METHODS, type PolicyMethod } from '@/lib/core/factor-kinds/methods';

/**
 * The settings policy is made of, as one flat record: per method of the second-factor registry
 * whether it exists (`<method>Available`) and whether users set it up themselves
 * (`<method>SelfService`), whether sent codes may stand alone, then what an account may do with
 * two-factor authentication at all (the brand settings a reseller knows).
 */
export type TMethodPolicy = { [M in PolicyMethod as `${M}Available`]: boolean } & { [M in PolicyMethod as `${M}SelfService`]: boolean } & {
  codesMayStandAlone: boolean;
};
export type TAccountPolicy = {
  allowTwoFactor: boolean;
  allowDisable: boolean;
  allowAppPasswords: boolean;
  /** Whether mailboxes may create family and business accounts (Account Security). */
  allowOrganisations: boolean;
  /** Whether family accounts' administrators may reset a member's 2FA (business accounts' always may). */
  familyAdminsMayReset: boolean;
  requireTwoFactor: boolean;
  /** How many days an account has to enrol once the requirement reaches it. */
  enrolmentDays: number;
  /** The first day (UTC, YYYY-MM-DD) the requirement applies; null for at once. */
  enforceFrom: string | null;
  /** Which challenge policies users may choose besides "Always" (lib/challenge). */
  offerNewIpChallenge: boolean;
  offerNewCountryChallenge: boolean;
  offerNeverChallenge: boolean;
  /** The challenge policy a new mailbox starts with. */
  defaultChallengePolicy: ChallengePolicy;
};
/**
 * The settings only a family or business account's layer holds: its administrators' choices for
 * their members. Above it they are on (a mailbox in no organisation is not limited by them), and an
 * organisation can only turn them off.
 */
export type TOrganisationPolicy = {
  /** "Allow SMS two-factor logins": off, members get no text or call codes and no SMS password. */
  allowSmsLogins: boolean;
};
export type TPolicy = TMethodPolicy & TAccountPolicy & TOrganisationPolicy;
export type PolicyKey = keyof TPolicy;
export type MethodPolicyKey = keyof TMethodPolicy;

/** The settings a layer below the platform can only narrow: methods exist, and who sets them up. */
export const METHOD_POLICY_KEYS = [
  ...POLICY_METHODS.flatMap((method) => [availableKey(method), selfServiceKey(method)]),
  'codesMayStandAlone',
] as MethodPolicyKey[];

/** The on/off settings a layer below the platform overrides as it likes. */
export const ACCOUNT_SWITCH_KEYS = [
  'allowTwoFactor',
  'allowDisable',
  'allowAppPasswords',
  'allowOrganisations',
  'familyAdminsMayReset',
  'requireTwoFactor',
  'offerNewIpChallenge',
  'offerNewCountryChallenge',
  'offerNeverChallenge',
] as const;

/**
 * The platform's security switches are floors: a brand may set one stricter (this value), never
 * looser, unless the platform lets brands loosen that switch (`brandsMayLoosen`). Allowing 2FA is
 * the stricter side of "Allow two-factor auth": users may protect themselves.
 */
export type FloorKey = (typeof ACCOUNT_SWITCH_KEYS)[number];
export const FLOOR_KEYS: readonly FloorKey[] = ACCOUNT_SWITCH_KEYS;
export const STRICTER_VALUE: Record<FloorKey, boolean> = {
  allowTwoFactor: true,
  allowDisable: false,
  allowAppPasswords: false,
  allowOrganisations: false,
  familyAdminsMayReset: false,
  requireTwoFactor: true,
  offerNewIpChallenge: false,
  offerNewCountryChallenge: false,
  offerNeverChallenge: false,
};
export function isFloorKey(key: string): key is FloorKey {
  return (FLOOR_KEYS as readonly string[]).includes(key);
}
export const ZBrandsMayLoosenSchema = z.array(z.enum(ACCOUNT_SWITCH_KEYS, { error: 'Not a security switch.' })).transform((keys) => FLOOR_KEYS.filter((key) => keys.includes(key)));

/** The settings an organisation's administrators choose (stored on the Organisation row). */
export const ORGANISATION_KEYS = ['allowSmsLogins'] as const satisfies ReadonlyArray<keyof TOrganisationPolicy>;
export function isOrganisationKey(key: string): key is keyof TOrganisationPolicy {
  return (ORGANISATION_KEYS as readonly string[]).includes(key);
}

export const POLICY_KEYS: PolicyKey[] = [...METHOD_POLICY_KEYS, ...ACCOUNT_SWITCH_KEYS, 'enrolmentDays', 'enforceFrom', 'defaultChallengePolicy', ...ORGANISATION_KEYS];

export const CHALLENGE_POLICIES = ['ALWAYS', 'NEW_IP', 'NEW_COUNTRY', 'NEVER'] as const satisfies readonly ChallengePolicy[];
export const ZChallengePolicySchema = z.enum(CHALLENGE_POLICIES, { error: 'Choose when the code is asked for.' });

export const MAX_ENROLMENT_DAYS = 365;
export const ZEnrolmentDaysSchema = z.coerce
  .number({ error: 'Enter a number of days.' })
  .int('Enter a whole number of days.')
  .min(0, 'The period cannot be negative.')
  .max(MAX_ENROLMENT_DAYS, `At most ${MAX_ENROLMENT_DAYS} days.`);
export const ZEnforceFromSchema = z.iso.date({ error: 'Enter a date as YYYY-MM-DD.' }).nullable();

export const ZPolicySchema = z.object({
  ...(Object.fromEntries([...METHOD_POLICY_KEYS, ...ACCOUNT_SWITCH_KEYS].map((key) => [key, z.boolean()])) as Record<
    MethodPolicyKey | (typeof ACCOUNT_SWITCH_KEYS)[number],
    z.ZodBoolean
  >),
  enrolmentDays: ZEnrolmentDaysSchema,
  enforceFrom: ZEnforceFromSchema,
  defaultChallengePolicy: ZChallengePolicySchema,
  allowSmsLogins: z.boolean(),
});

/**
 * Where a setting in force comes from: the layer that set it (Gatehouse's defaults count as the
 * platform's). Layers go platform, brand, organisation (for a member of a family or business
 * account), account; each below the platform only narrows.
 */
export type PolicySource = 'platform' | 'brand' | 'organisation' | 'account';

/**
 * The policy in force for one account (or a brand, or the platform), each setting with where it
 * came from, and which of the platform's switches brands may loosen (the platform's word, read
 * whatever the subject, so a brand screen can say which settings the platform holds).
 */
export type EffectivePolicy = { settings: TPolicy; sources: Record<PolicyKey, PolicySource>; brandsMayLoosen: FloorKey[] };

// What a platform starts with: every method on and self-service; text, call and e-mail codes
// only as a backup to an authenticator app (restricted authenticators, NIST SP 800-63B 5.1.3.3);
// two-factor allowed, and left to each user, with two weeks to enrol where a brand requires it;
// the code asked at every sign-in, users free to ask for it only from a new address or country,
// but not to never be asked (a brand may offer that).
export const DEFAULT_POLICY: TPolicy = ZPolicySchema.parse({
  ...Object.fromEntries(METHOD_POLICY_KEYS.map((key) => [key, key !== 'codesMayStandAlone'])),
  allowTwoFactor: true,
  allowDisable: true,
  allowAppPasswords: true,
  allowOrganisations: true,
  familyAdminsMayReset: true,
  requireTwoFactor: false,
  enrolmentDays: 14,
  enforceFrom: null,
  offerNewIpChallenge: true,
  offerNewCountryChallenge: true,
  offerNeverChallenge: false,
  defaultChallengePolicy: 'ALWAYS',
  allowSmsLogins: true,
});

export function availableKey<M extends PolicyMethod>(method: M): `${M}Available` {
  return `${method}Available`;
}

export function selfServiceKey<M extends PolicyMethod>(method: M): `${M}SelfService` {
  return `${method}SelfService`;
}

export function isAvailable(policy: TMethodPolicy, method: PolicyMethod): boolean {
  return policy[availableKey(method)];
}

/** Whether users may set the method up themselves (staff always may, where it exists). */
export function isSelfService(policy: TMethodPolicy, method: PolicyMethod): boolean {
  return policy[availableKey(method)] && policy[selfServiceKey(method)];
}

export function methodName(method: PolicyMethod): string {
  return factorName(method);
}
