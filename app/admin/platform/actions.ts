'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { ACCOUNT_SWITCH_KEYS, METHOD_POLICY_KEYS, ZChallengePolicySchema, ZEnforceFromSchema, ZEnrolmentDaysSchema } from '@/lib/policy/policy-settings';
import { brandsMayLoosenField } from '@/lib/policy/brands-may-loosen-field';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';

// A checked box posts "on"; an unchecked one posts nothing at all, which means false.
const ZCheckboxSchema = z
  .literal('on', { error: 'A checkbox can only be on or off.' })
  .optional()
  .transform((value) => value === 'on');

// One checkbox per method setting, from the second-factor registry.
const ZPolicyFormSchema = z.object({
  ...(Object.fromEntries(METHOD_POLICY_KEYS.map((key) => [key, ZCheckboxSchema])) as Record<(typeof METHOD_POLICY_KEYS)[number], typeof ZCheckboxSchema>),
  codesMayStandAlone: z
    .enum(['true', 'false'], { error: 'Choose whether text, call and e-mail codes may be the only second factor.' })
    .transform((value) => value === 'true'),
  // Asked for only when the administrator's last second factor is older than a few minutes.
  code: ZReauthCodeSchema,
});

// The page hides itself from non-administrators, but an action never trusts that its page ran:
// the wrapper refuses anyone without a staff role before reading the form, and the verb decides
// whether this staff member may change the platform's settings.
export const updatePlatformSettingsAction = authedFormAction(
  ZPolicyFormSchema,
  async ({ code, ...changes }, { actor }) => {
    const policy = await updatePlatformSettings({ actor, changes, code: code ?? null });
    revalidatePath('/admin/platform');
    return { policy };
  },
  { as: 'staff' },
);

// The account defaults every brand inherits unless it overrides them: a form of their own, so
// the methods form above never touches them.
const ZDefaultsFormSchema = z.object({
  ...(Object.fromEntries(ACCOUNT_SWITCH_KEYS.map((key) => [key, ZCheckboxSchema])) as Record<(typeof ACCOUNT_SWITCH_KEYS)[number], typeof ZCheckboxSchema>),
  enrolmentDays: ZEnrolmentDaysSchema,
  enforceFrom: z
    .string()
    .max(10)
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(ZEnforceFromSchema),
  defaultChallengePolicy: ZChallengePolicySchema,
  // "Brands may loosen this", one box per switch.
  ...(Object.fromEntries(ACCOUNT_SWITCH_KEYS.map((key) => [brandsMayLoosenField(key), ZCheckboxSchema])) as Record<string, typeof ZCheckboxSchema>),
  code: ZReauthCodeSchema,
});

export const updatePlatformDefaultsAction = authedFormAction(
  ZDefaultsFormSchema,
  async (input, { actor }) => {
    const { code, enrolmentDays, enforceFrom, defaultChallengePolicy } = input;
    const switches = Object.fromEntries(ACCOUNT_SWITCH_KEYS.map((key) => [key, input[key] === true]));
    const brandsMayLoosen = ACCOUNT_SWITCH_KEYS.filter((key) => (input as Record<string, unknown>)[brandsMayLoosenField(key)] === true);
    const policy = await updatePlatformSettings({
      actor,
      changes: { ...switches, enrolmentDays, enforceFrom, defaultChallengePolicy },
      brandsMayLoosen,
      code: code ?? null,
    });
    revalidatePath('/admin/platform');
    return { policy, brandsMayLoosen };
  },
  { as: 'staff' },
);
