// The settings in force, in the words `brand show` and `platform show` print.
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import { availableKey, methodName, selfServiceKey, type EffectivePolicy, type FloorKey, type PolicyKey, type TPolicy } from '@/lib/policy/policy-settings';
import { floorFlagName } from './policy-flags';

export function formatPolicy(policy: TPolicy, sources?: EffectivePolicy['sources'], held: PolicyKey[] = []): string {
  const from = (...keys: PolicyKey[]) =>
    sources
      ? `  (${keys.some((key) => held.includes(key)) ? 'held by the platform' : keys.some((key) => sources[key] === 'brand') ? 'set by this brand' : 'from the platform'})`
      : '';
  const onOff = (value: boolean) => (value ? 'on' : 'off');
  const lines = POLICY_METHODS.map((method) => {
    const available = policy[availableKey(method)] ? 'on ' : 'off';
    const setUp = policy[selfServiceKey(method)] ? 'users set it up themselves' : 'only staff set it up, for users';
    return `${methodName(method).padEnd(18)}${available}  ${setUp}${from(availableKey(method), selfServiceKey(method))}`;
  });
  lines.push(
    `Text, call and e-mail codes: ${policy.codesMayStandAlone ? 'may be the only second factor' : 'only a backup to an authenticator app'}${from('codesMayStandAlone')}`,
    `Allow two-factor auth (2FA): ${onOff(policy.allowTwoFactor)}${from('allowTwoFactor')}`,
    `Allow users to disable 2FA: ${onOff(policy.allowDisable)}${from('allowDisable')}`,
    `Allow app-specific passwords: ${onOff(policy.allowAppPasswords)}${from('allowAppPasswords')}`,
    `Allow family and business accounts: ${onOff(policy.allowOrganisations)}${from('allowOrganisations')}`,
    `Family administrators may reset a member's 2FA: ${onOff(policy.familyAdminsMayReset)}${from('familyAdminsMayReset')}`,
    `Require two-factor authentication: ${onOff(policy.requireTwoFactor)}, enrolment period ${policy.enrolmentDays} days, ` +
      `from ${policy.enforceFrom ?? 'the start'}${from('requireTwoFactor', 'enrolmentDays', 'enforceFrom')}`,
    `Users may be asked for the code only from a new IP address: ${onOff(policy.offerNewIpChallenge)}${from('offerNewIpChallenge')}`,
    `Users may be asked for the code only from a new country: ${onOff(policy.offerNewCountryChallenge)}${from('offerNewCountryChallenge')}`,
    `Users may choose never to be asked for the code: ${onOff(policy.offerNeverChallenge)}${from('offerNeverChallenge')}`,
    `New mailboxes are asked for the code: ${CHALLENGE_POLICY_LABELS[policy.defaultChallengePolicy].toLowerCase()}${from('defaultChallengePolicy')}`,
  );
  return lines.join('\n');
}

export function formatBrandsMayLoosen(keys: FloorKey[]): string {
  return `Brands may loosen: ${keys.length > 0 ? keys.map(floorFlagName).join(', ') : 'nothing (every security switch is a floor)'}`;
}
