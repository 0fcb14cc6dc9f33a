import { POLICY_METHODS } from '@/lib/core/factor-kinds/methods';
import { ACCOUNT_SWITCHES } from '@/lib/policy/account-switches';
import { availableKey, methodName, selfServiceKey, type PolicyKey } from '@/lib/policy/policy-settings';

/** The brand's on/off settings, in the words the platform's defaults use too. */
export const BRAND_SWITCHES = ACCOUNT_SWITCHES;

/** Per method of the second-factor registry: whether the brand offers it, and who sets it up. */
export const METHOD_SWITCHES: ReadonlyArray<{ key: PolicyKey; label: string }> = [
  ...POLICY_METHODS.flatMap((method) => [
    { key: availableKey(method), label: `Offer ${methodName(method).toLowerCase()}` },
    { key: selfServiceKey(method), label: `Users set up ${methodName(method).toLowerCase()} themselves` },
  ]),
  { key: 'codesMayStandAlone', label: 'Text, call and e-mail codes may be the only second factor' },
];

/** The form field that says "follow the platform again" for a setting the brand overrides. */
export function followPlatformField(key: PolicyKey): string {
  return `${key}-follow-platform`;
}
