'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { createSmsPassword } from '@/lib/alternative-logins/create-sms-password';
import { deleteAlternativeLogin } from '@/lib/alternative-logins/delete-alternative-login';
import { generateOneTimeList } from '@/lib/alternative-logins/generate-one-time-list';
import { ZOneTimePrefixSchema } from '@/lib/alternative-logins/one-time-prefix';
import { ZNewPasswordInputSchema } from '@/lib/passwords/password-schema';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

// A checkbox posts "on" when ticked and nothing when not.
const ZIsRestrictedSchema = z
  .literal('on')
  .optional()
  .transform((value) => value === 'on');

export const createSmsPasswordAction = authedFormAction(
  z.object({ password: ZNewPasswordInputSchema, isRestricted: ZIsRestrictedSchema, code: ZReauthCodeSchema }),
  async ({ password, isRestricted, code }, { actor, current }) => {
    await createSmsPassword({ actor, userId: current.user.id, password, isRestricted, code: code ?? null });
    redirect('/settings/alternative-logins?notice=sms-password-created');
  },
);

export const generateOneTimeListAction = authedFormAction(
  z.object({ prefix: ZOneTimePrefixSchema, isRestricted: ZIsRestrictedSchema, code: ZReauthCodeSchema }),
  async ({ prefix, isRestricted, code }, { actor, current }) => {
    const list = await generateOneTimeList({ actor, userId: current.user.id, prefix, isRestricted, code: code ?? null });
    // The list of logins is read again; the passwords themselves stay in this form's state, shown this once.
    revalidatePath('/settings/alternative-logins');
    return { passwords: list.passwords, hasPrefix: list.hasPrefix, createdAt: list.createdAt.toISOString() };
  },
);

export const deleteAlternativeLoginAction = authedFormAction(
  z.object({ alternativeLoginId: z.uuid('Choose an alternative login.'), code: ZReauthCodeSchema }),
  async ({ alternativeLoginId, code }, { actor, current }) => {
    await deleteAlternativeLogin({ actor, userId: current.user.id, alternativeLoginId, code: code ?? null });
    redirect('/settings/alternative-logins?notice=deleted');
  },
);
