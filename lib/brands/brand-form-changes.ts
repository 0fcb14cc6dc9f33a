import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { switchesHeldByPlatform } from '@/lib/policy/held-by-platform';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import type { PolicyKey } from '@/lib/policy/policy-settings';
import { BRAND_SWITCHES, followPlatformField, METHOD_SWITCHES } from './brand-settings-fields';

/** Every on/off field of the brand settings form, by its policy key. */
export const BRAND_FORM_SWITCH_KEYS: PolicyKey[] = [...BRAND_SWITCHES, ...METHOD_SWITCHES].map((setting) => setting.key);

type TValue = boolean | number | string | null;

/**
 * What the brand settings form asks to change, as a layer for updateBrandSettings. A setting that
 * follows the platform and was left at the platform's value keeps following it, so a later change
 * of the platform's default still reaches the brand; "Use the platform default" makes an
 * overridden setting follow again. Values are passed on as typed: the verb refuses a bad one on
 * its field.
 */
export async function brandFormChanges({ brandId, form }: { brandId: string; form: Record<string, string | undefined> }): Promise<PolicyLayer> {
  const [{ settings, sources }, platform] = await Promise.all([getEffectivePolicy({ brandId }), getEffectivePolicy('platform')]);
  const held: PolicyKey[] = switchesHeldByPlatform(platform);
  const changes: PolicyLayer = {};
  const decide = (key: PolicyKey, value: TValue) => {
    if (form[followPlatformField(key)] === 'on') return Object.assign(changes, { [key]: null });
    // A switch the platform holds is shown disabled, so the browser sends nothing for it: not an "off".
    if (held.includes(key)) return;
    if (sources[key] === 'platform' && settings[key] === value) return;
    Object.assign(changes, { [key]: value });
  };
  for (const key of BRAND_FORM_SWITCH_KEYS) decide(key, form[key] === 'on');
  // Left for the verb to refuse with a field message when it is not a whole number.
  if (form.enrolmentDays !== undefined) decide('enrolmentDays', /^\d+$/.test(form.enrolmentDays) ? Number(form.enrolmentDays) : form.enrolmentDays);
  if (form.enforceFrom !== undefined) decide('enforceFrom', form.enforceFrom === '' ? null : form.enforceFrom);
  // Left for the verb to refuse with a field message when it is not one of the four.
  if (form.defaultChallengePolicy !== undefined) decide('defaultChallengePolicy', form.defaultChallengePolicy);
  return changes;
}
