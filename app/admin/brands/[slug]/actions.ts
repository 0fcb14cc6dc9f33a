'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { findBrand } from '@/lib/brands/find-brand';
import { authorize } from '@/lib/core/authorize';
import { updateBrandLook } from '@/lib/brands/update-brand-look';
import { updateBrandSenders } from '@/lib/brands/update-brand-senders';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { parseCreditPackLines, updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { sanitizeBrandCss, type DroppedCss } from '@/lib/brands/sanitize-brand-css';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { brandFormChanges, BRAND_FORM_SWITCH_KEYS } from '@/lib/brands/brand-form-changes';
import { followPlatformField } from '@/lib/brands/brand-settings-fields';

const ZTickedSchema = z.literal('on', { error: 'A checkbox can only be on or off.' }).optional();

const ZBrandFormSchema = z.object({
  slug: z.string().max(64),
  ...Object.fromEntries(BRAND_FORM_SWITCH_KEYS.flatMap((key) => [[key, ZTickedSchema], [followPlatformField(key), ZTickedSchema]])),
  enrolmentDays: z.string().max(6).optional(),
  [followPlatformField('enrolmentDays')]: ZTickedSchema,
  enforceFrom: z.string().max(10).optional(),
  [followPlatformField('enforceFrom')]: ZTickedSchema,
  defaultChallengePolicy: z.string().max(16).optional(),
  [followPlatformField('defaultChallengePolicy')]: ZTickedSchema,
  code: ZReauthCodeSchema,
});

// An action never trusts that its page ran: the wrapper refuses anyone without a staff role or a
// second factor before reading the form, and the verb decides whether this person may change
// this brand (a forged post for another brand is refused, and the refusal audited).
export const updateBrandSettingsAction = authedFormAction(
  ZBrandFormSchema,
  async (input, { actor }) => {
    const brand = await findBrand(input.slug);
    const { code, ...fields } = input;
    const changes = await brandFormChanges({ brandId: brand.id, form: fields as Record<string, string | undefined> });
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
    revalidatePath(`/admin/brands/${brand.slug}/look`);
    return { saved: true, dropped, preview: null };
  },
  { as: 'staff' },
);

const ZBrandCreditsFormSchema = z.object({
  slug: z.string().max(64),
  textsPaidBy: z.enum(['PLATFORM', 'MAILBOX'], { error: 'Choose the platform or the mailbox.' }),
  packs: z.string().max(500).default(''),
  code: ZReauthCodeSchema,
});

// "Who pays for texts" and the brand's packs: the verb authorises this person for this brand and
// checks every price against the platform's minimum.
export const updateBrandCreditsAction = authedFormAction(
  ZBrandCreditsFormSchema,
  async (input, { actor }) => {
    const brand = await findBrand(input.slug);
    await updateBrandCredits({
      actor,
      brandId: brand.id,
      textsPaidBy: input.textsPaidBy,
      packs: parseCreditPackLines(input.packs),
      code: input.code ?? null,
    });
    revalidatePath(`/admin/brands/${brand.slug}`);
    return { saved: true };
  },
  { as: 'staff' },
);

const ZBrandSendersFormSchema = z.object({
  slug: z.string().max(64),
  emailFrom: z.string().max(500).default(''),
  smsSender: z.string().max(100).default(''),
  code: ZReauthCodeSchema,
});

// The brand's own senders: the verb authorises this person for this brand and checks the address
// is at one of its domains.
export const updateBrandSendersAction = authedFormAction(
  ZBrandSendersFormSchema,
  async (input, { actor }) => {
    const brand = await findBrand(input.slug);
    await updateBrandSenders({
      actor,
      brandId: brand.id,
      senders: { emailFrom: input.emailFrom, smsSender: input.smsSender },
      code: input.code ?? null,
    });
    revalidatePath(`/admin/brands/${brand.slug}`);
    return { saved: true };
  },
  { as: 'staff' },
);
