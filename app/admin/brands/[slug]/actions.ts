'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { findBrand } from '@/lib/brands/find-brand';
import { authorize } from '@/lib/core/authorize';
import { updateBrandLook } from '@/lib/brands/update-brand-look';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { sanitizeBrandCss, type DroppedCss } from '@/lib/brands/sanitize-brand-css';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { switchesHeldByPlatform } from '@/lib/policy/held-by-platform';
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
  defaultChallengePolicy: z.string().max(16).optional(),
  [followPlatformField('defaultChallengePolicy')]: ZTickedSchema,
  code: ZReauthCodeSchema,
});

/**
 * What the form asks to change. A setting that follows the platform and was left at the platform's
 * value keeps following it, so a later change of the platform's default still reaches the brand;
 * "Use the platform default" makes an overridden setting follow again.
 */
async function changesFromForm(brandId: string, input: Record<string, string | undefined>): Promise<PolicyLayer> {
  const [{ settings, sources }, platform] = await Promise.all([getEffectivePolicy({ brandId }), getEffectivePolicy('platform')]);
  const held: PolicyKey[] = switchesHeldByPlatform(platform);
  const changes: PolicyLayer = {};
  const decide = (key: PolicyKey, value: TValue) => {
    if (input[followPlatformField(key)] === 'on') return Object.assign(changes, { [key]: null });
    // A switch the platform holds is shown disabled, so the browser sends nothing for it: not an "off".
    if (held.includes(key)) return;
    if (sources[key] === 'platform' && settings[key] === value) return;
    Object.assign(changes, { [key]: value });
  };
  for (const key of SWITCH_KEYS) decide(key, input[key] === 'on');
  // Left for the verb to refuse with a field message when it is not a whole number.
  if (input.enrolmentDays !== undefined) decide('enrolmentDays', /^\d+$/.test(input.enrolmentDays) ? Number(input.enrolmentDays) : input.enrolmentDays);
  if (input.enforceFrom !== undefined) decide('enforceFrom', input.enforceFrom === '' ? null : input.enforceFrom);
  // Left for the verb to refuse with a field message when it is not one of the four.
  if (input.defaultChallengePolicy !== undefined) decide('defaultChallengePolicy', input.defaultChallengePolicy);
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

const ZBrandLookFormSchema = z.object({
  slug: z.string().max(64),
  intent: z.enum(['save', 'preview']).default('save'),
  name: z.string().max(200),
  primaryColor: z.string().max(32).default(''),
  supportContact: z.string().max(500).default(''),
  // The verb measures the stylesheet in bytes (BRAND_CSS_TOO_LARGE); this only bounds the parse.
  css: z.string().max(200_000).default(''),
  logo: z.instanceof(File).optional(),
  removeLogo: z.literal('on').optional(),
  code: ZReauthCodeSchema,
});

export type BrandLookResult = {
  saved: boolean;
  dropped: DroppedCss[];
  /** For Preview: the stylesheet as it would be served, and the values typed, so the form keeps them (also without JavaScript). */
  preview: { css: string; primaryColor: string | null; values: { name: string; primaryColor: string; supportContact: string; css: string } } | null;
};

// "Preview" sanitises the stylesheet as Save would and hands it back for the screen to show the
// prompt with, saving nothing; "Save" goes through the verb. Both refuse a staff member of
// another brand the same way.
export const updateBrandLookAction = authedFormAction(
  ZBrandLookFormSchema,
  async (input, { actor }): Promise<BrandLookResult> => {
    const brand = await findBrand(input.slug);
    if (input.intent === 'preview') {
      await authorize(actor, 'brand_settings.change', { brandId: brand.id });
      const colour = /^#[0-9a-fA-F]{6}$/.test(input.primaryColor.trim()) ? input.primaryColor.trim().toLowerCase() : null;
      const { css, dropped } = sanitizeBrandCss({ css: input.css, primaryColor: colour });
      return {
        saved: false,
        dropped,
        preview: { css, primaryColor: colour, values: { name: input.name, primaryColor: input.primaryColor, supportContact: input.supportContact, css: input.css } },
      };
    }
    // A browser sends an empty file part when no file was chosen.
    const file = input.logo && input.logo.size > 0 ? input.logo : null;
    const { dropped } = await updateBrandLook({
      actor,
      brandId: brand.id,
      look: { name: input.name, primaryColor: input.primaryColor, supportContact: input.supportContact, css: input.css },
      logo: input.removeLogo === 'on' ? 'remove' : file ? { bytes: new Uint8Array(await file.arrayBuffer()) } : undefined,
      code: input.code ?? null,
    });
    revalidatePath(`/admin/brands/${brand.slug}`);
    return { saved: true, dropped, preview: null };
  },
  { as: 'staff' },
);
