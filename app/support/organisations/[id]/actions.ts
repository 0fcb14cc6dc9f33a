'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

// "+50", "50" or "-20": whole credits, as the console's `org adjust-credits` takes them. The
// verb judges zero and the size with its own message; this only turns the text into a number.
const ZCreditsSchema = z
  .string()
  .trim()
  .regex(/^[+-]?\d{1,7}$/, APP_ERRORS.CREDIT_ADJUSTMENT_INVALID.message)
  .transform(Number);

const ZAdjustCreditsSchema = z.object({
  organisationId: z.uuid('Open the account from the Organisations screen.'),
  brandId: z.uuid('Open the account from the Organisations screen.'),
  credits: ZCreditsSchema,
  reason: z.string().max(10_000, APP_ERRORS.REASON_TOO_LONG.message).default(''),
  code: ZReauthCodeSchema,
});

// The wrapper refuses anyone without a staff role or a second factor before reading the form; the
// verb decides whether this staff member may adjust this organisation's pool, so a forged post by
// a brand's staff, or for an organisation of another brand, meets the same refusal.
export const adjustCreditsAction = authedFormAction(
  ZAdjustCreditsSchema,
  async ({ organisationId, brandId, credits, reason, code }, { actor }): Promise<null> => {
    await adjustCredits({ actor, organisationId, credits, reason, code: code ?? null, expectedBrandId: brandId });
    redirect(`/support/organisations/${organisationId}?done=adjusted`);
  },
  { as: 'staff' },
);
