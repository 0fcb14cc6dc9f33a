import { AppError } from '@/lib/errors/app-error';
import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { availableKey, CHALLENGE_POLICIES, isFloorKey, selfServiceKey, type FloorKey, type PolicyKey } from '@/lib/policy/policy-settings';

// The command line's name for each on/off setting of policy, shared by `platform set` and
// `brand set`: per method of the second-factor registry, then the account settings.
export const SWITCH_FLAGS: Record<string, PolicyKey> = {
  ...Object.fromEntries(POLICY_METHODS.flatMap((method) => [[method, availableKey(method)], [`${method}-self-service`, selfServiceKey(method)]])),
  'codes-alone': 'codesMayStandAlone',
  'allow-2fa': 'allowTwoFactor',
  'allow-disable': 'allowDisable',
  'allow-app-passwords': 'allowAppPasswords',
  'allow-organisations': 'allowOrganisations',
  'family-admins-may-reset': 'familyAdminsMayReset',
  'require-2fa': 'requireTwoFactor',
  'offer-new-ip': 'offerNewIpChallenge',
  'offer-new-country': 'offerNewCountryChallenge',
  'offer-never': 'offerNeverChallenge',
};
export const VALUE_FLAGS = { 'enrolment-days': 'enrolmentDays', 'enforce-from': 'enforceFrom', 'default-challenge': 'defaultChallengePolicy' } as const;

/** The challenge policies as the command line writes them: always, new-ip, new-country, never. */
export function challengePolicyOfWord(word: string): ChallengePolicy | null {
  const policy = word.toUpperCase().replace(/-/g, '_');
  return (CHALLENGE_POLICIES as readonly string[]).includes(policy) ? (policy as ChallengePolicy) : null;
}
export const POLICY_FLAG_NAMES = [...Object.keys(SWITCH_FLAGS), ...Object.keys(VALUE_FLAGS)];

// A layer below the platform may also follow it again.
const INHERIT = 'platform';

/**
 * The policy flags given on the command line as a layer of changes. `canInherit`: a brand's
 * `--x platform` means "follow the platform" (null). Anything else unknown is refused, naming the flag.
 */
export function parsePolicyFlags(
  values: Record<string, unknown>,
  { canInherit, mayBeEmpty = false }: { canInherit: boolean; mayBeEmpty?: boolean },
): PolicyLayer {
  const changes: PolicyLayer = {};
  const fieldErrors: Record<string, string[]> = {};
  const choices = canInherit ? 'on, off or platform' : 'on or off';
  for (const [flag, key] of Object.entries(SWITCH_FLAGS)) {
    const word = typeof values[flag] === 'string' ? (values[flag] as string).toLowerCase() : undefined;
    if (word === undefined) continue;
    if (word === 'on' || word === 'off') Object.assign(changes, { [key]: word === 'on' });
    else if (canInherit && word === INHERIT) Object.assign(changes, { [key]: null });
    else fieldErrors[flag] = [`Use ${choices}, not "${word}".`];
  }
  const days = values['enrolment-days'];
  if (typeof days === 'string') {
    if (canInherit && days === INHERIT) changes.enrolmentDays = null;
    else if (/^\d{1,4}$/.test(days)) changes.enrolmentDays = Number(days);
    else fieldErrors['enrolment-days'] = [`Give a number of days${canInherit ? ' or platform' : ''}.`];
  }
  // A start date, or `none` to clear it (for a brand: to follow the platform's).
  const from = values['enforce-from'];
  if (typeof from === 'string') changes.enforceFrom = from === 'none' || from === INHERIT ? null : from;
  const challenge = values['default-challenge'];
  if (typeof challenge === 'string') {
    const policy = challengePolicyOfWord(challenge);
    if (canInherit && challenge === INHERIT) changes.defaultChallengePolicy = null;
    else if (policy) changes.defaultChallengePolicy = policy;
    else fieldErrors['default-challenge'] = [`Use always, new-ip, new-country or never${canInherit ? ' (or platform)' : ''}.`];
  }
  if (Object.keys(fieldErrors).length > 0) throw new AppError('INVALID_INPUT', { fieldErrors });
  if (Object.keys(changes).length === 0 && !mayBeEmpty) throw new AppError('NOTHING_TO_CHANGE');
  return changes;
}

/**
 * `platform set --brands-may-loosen require-2fa,allow-app-passwords` (or `none`): the whole list of
 * security switches, by their own flag names, that brands may set looser than the platform.
 * Undefined when the flag is not given, so the list stays as it is.
 */
export function parseBrandsMayLoosen(value: unknown): FloorKey[] | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.trim().toLowerCase() === 'none') return [];
  const keys: FloorKey[] = [];
  const unknown: string[] = [];
  for (const word of value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    const key = SWITCH_FLAGS[word];
    if (key && isFloorKey(key)) keys.push(key);
    else unknown.push(word);
  }
  if (unknown.length > 0 || keys.length === 0) {
    throw new AppError('INVALID_INPUT', {
      fieldErrors: { 'brands-may-loosen': [`Give none, or switches separated by commas from: ${FLOOR_FLAG_NAMES.join(', ')}${unknown.length ? ` (not "${unknown.join('", "')}")` : ''}.`] },
    });
  }
  return keys;
}

/** The flag name of each security switch, as `--brands-may-loosen` takes them. */
export const FLOOR_FLAG_NAMES = Object.entries(SWITCH_FLAGS)
  .filter(([, key]) => isFloorKey(key))
  .map(([flag]) => flag);

export function floorFlagName(key: FloorKey): string {
  return Object.entries(SWITCH_FLAGS).find(([, switchKey]) => switchKey === key)?.[0] ?? key;
}


/** The flag a verb's field error belongs to: a policy key by its flag name, anything else as it is. */
export function flagOfField(field: string): string {
  const flags: Record<string, string> = {
    ...SWITCH_FLAGS,
    ...VALUE_FLAGS,
    'texts-paid-by': 'textsPaidBy',
    packs: 'packs',
    colour: 'primaryColor',
    support: 'supportContact',
    domain: 'domain',
    host: 'host',
    'email-from': 'emailFrom',
    'sms-sender': 'smsSender',
  };
  return Object.entries(flags).find(([, key]) => key === field)?.[0] ?? field;
}
