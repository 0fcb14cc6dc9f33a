import { POLICY_METHODS } from '@/lib/mfa/second-factor-kinds';
import { availableKey, methodName, selfServiceKey, type PolicyKey } from '@/lib/policy/policy-settings';

/** The brand's on/off settings as the reseller knows them, in the order the screen shows them. */
export const BRAND_SWITCHES: ReadonlyArray<{ key: PolicyKey; label: string; hint?: string }> = [
  { key: 'allowTwoFactor', label: 'Allow two-factor auth (2FA)', hint: 'Off: users cannot turn it on; those who have it keep it.' },
  { key: 'allowDisable', label: 'Allow users to disable 2FA', hint: 'Off: there is no Disable; support can still reset.' },
  { key: 'allowAppPasswords', label: 'Allow app-specific passwords' },
  { key: 'requireTwoFactor', label: 'Require two-factor authentication', hint: 'Users without a second factor must set one up to sign in.' },
];

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
