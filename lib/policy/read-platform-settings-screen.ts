import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import { ACCOUNT_SWITCHES } from './account-switches';
import { getEffectivePolicy } from './get-effective-policy';
import { listPolicyChanges, type PolicyChange } from './list-policy-changes';
import { availableKey, methodName, selfServiceKey } from './policy-settings';

/**
 * What the Platform settings screen shows: the platform's settings, the switches brands may
 * loosen, and its latest changes, each described in the screen's words. The page has checked that
 * the reader is a platform administrator.
 */
export async function readPlatformSettingsScreen({ take = 10 }: { take?: number } = {}) {
  const [{ settings: policy, brandsMayLoosen }, changes] = await Promise.all([getEffectivePolicy('platform'), listPolicyChanges({ take })]);
  return { policy, brandsMayLoosen, changes: changes.map((change) => ({ ...change, description: describePolicyChange(change.changed) })) };
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** One audited change of the platform's settings as a sentence, in the labels the forms use. */
export function describePolicyChange(changed: PolicyChange['changed']): string {
  const parts: string[] = [];
  for (const method of POLICY_METHODS) {
    const available = changed[availableKey(method)];
    const selfService = changed[selfServiceKey(method)];
    if (available !== undefined) parts.push(`${methodName(method)}, available: ${onOff(available)}`);
    if (selfService !== undefined) parts.push(`${methodName(method)}, users can set it up themselves: ${onOff(selfService)}`);
  }
  if (changed.codesMayStandAlone !== undefined) {
    parts.push(
      `Text, call and e-mail codes may be: ${changed.codesMayStandAlone ? 'the only second factor' : 'only a backup to an authenticator app'}`,
    );
  }
  for (const { key, label } of ACCOUNT_SWITCHES) {
    const value = changed[key];
    if (typeof value === 'boolean') parts.push(`${label}: ${onOff(value)}`);
  }
  if (changed.brandsMayLoosen !== undefined) {
    const labels = ACCOUNT_SWITCHES.filter(({ key }) => changed.brandsMayLoosen?.includes(key)).map(({ label }) => label);
    parts.push(`Brands may loosen: ${labels.length > 0 ? labels.join(', ') : 'nothing'}`);
  }
  if (changed.enrolmentDays !== undefined) parts.push(`Enrolment period: ${changed.enrolmentDays} days`);
  if (changed.enforceFrom !== undefined) parts.push(`Required from: ${changed.enforceFrom ?? 'the start'}`);
  return parts.length > 0 ? parts.join('; ') : 'Saved with no change';
}
