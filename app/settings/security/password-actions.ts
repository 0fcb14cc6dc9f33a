'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { changePassword } from '@/lib/passwords/change-password';
import { ZCurrentPasswordSchema, ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

// The confirmation is the form's own concern (a typo the user cannot see), so it is checked here
// and never reaches the verb. The length is checked here with the other fields; the verb judges the
// password itself (checkNewPassword), with the estimator and the account's own words.
const ZChangePasswordFormSchema = z
  .object({ currentPassword: ZCurrentPasswordSchema, newPassword: ZNewPasswordInputSchema, confirmNewPassword: z.string(), code: ZReauthCodeSchema })
  .refine(({ newPassword, confirmNewPassword }) => newPassword === confirmNewPassword, {
    message: 'The two new passwords do not match. Type the new password again in both fields.',
    path: ['confirmNewPassword'],
  });

export const changePasswordAction = authedFormAction(
  ZChangePasswordFormSchema,
  async ({ currentPassword, newPassword, code }, { actor, current }) => {
    const { signedOutSessions } = await changePassword({ actor, userId: current.user.id, currentPassword, newPassword, code: code ?? null });
    // The list of sessions and the activity are read again.
    revalidatePath('/settings/security');
    return { signedOutSessions };
  },
);
