'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { findBrand } from '@/lib/brands/find-brand';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import type { PolicyKey } from '@/lib/policy/policy-settings';
import { BRAND_SWITCHES, followPlatformField, METHOD_SWITCHES } from './settings';

const SWITCH_KEYS = [...BRAND_SWITCHES, ...METHOD_SWITCHES].map((setting) => setting.key);
const ZTickedSchema = z.literal('on', { error: 'A checkbox can only be on or off.' }).optional();

const ZBrandFormSchema = z.object({
  slug: z.string().max(64),
  ...Object.fromEntries(SWITCH_KEYS.flatMap((key) => [[key, ZTickedSchema], [followPlatformField(key), ZTickedSchema]])),
  enrolmentDays: z.string().max(6).optional(),
  [followPlatformField('enrolmentDays')]: ZTickedSchema,
  enforceFrom: z.string().max(10).optional(),
  [followPlatformField('enforceFrom')]: ZTickedSchema,
  code: ZReauthCodeSchema,
});

/**
 * What the form asks to change. A setting that follows the platform and was left at the platform's
 * value keeps following it, so a later change of the platform's default still reaches the brand;
 * "Use the platform default" makes an overridden setting follow again.
 */
async function changesFromForm(brandId: string, input: Record<string, string | undefined>): Promise<PolicyLayer> {
  const { settings, sources } = await getEffectivePolicy({ brandId });
  const changes: PolicyLayer = {};
  const decide = (key: PolicyKey, value: TValue) => {
    if (input[followPlatformField(key)] === 'on') return Object.assign(changes, { [key]: null });
    if (sources[key] === 'platform' && settings[key] === value) return;
    Object.assign(changes, { [key]: value });
  };
  for (const key of SWITCH_KEYS) decide(key, input[key] === 'on');
  // Left for the verb to refuse with a field message when it is not a whole number.
  if (input.enrolmentDays !== undefined) decide('enrolmentDays', /^\d+$/.test(input.enrolmentDays) ? Number(input.enrolmentDays) : input.enrolmentDays);
  if (input.enforceFrom !== undefined) decide('enforceFrom', input.enforceFrom === '' ? null : input.enforceFrom);
  return changes;
}
type TValue = boolean | number | string | null;

// An action never trusts that its page ran: the wrapper refuses anyone without a staff role or a
// second factor before reading the form, and the verb decides whether this person may change
// this brand (a forged post for another brand is refused, and the refusal audited).
export const updateBrandSettingsAction = authedFormAction(
  ZBrandFormSchema,
  async (input, { actor }) => {
    const brand = await findBrand(input.slug);
    const { code, ...fields } = input;
    const changes = await changesFromForm(brand.id, fields as Record<string, string | undefined>);
    await updateBrandSettings({ actor, brandId: brand.id, changes, code: code ?? null });
    revalidatePath(`/admin/brands/${brand.slug}`);
    return { saved: true };
  },
  { as: 'staff' },
);
