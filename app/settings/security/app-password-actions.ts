'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZAppPasswordNameSchema } from '@/lib/app-passwords/app-password-name';
import { createAppPassword } from '@/lib/app-passwords/create-app-password';
import { revokeAppPassword } from '@/lib/app-passwords/revoke-app-password';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

export const createAppPasswordAction = authedFormAction(
  z.object({ name: ZAppPasswordNameSchema, code: ZReauthCodeSchema }),
  async ({ name, code }, { actor, current }) => {
    const created = await createAppPassword({ actor, userId: current.user.id, name, code: code ?? null });
    // The list is read again; the password itself stays in this form's state, shown this once.
    revalidatePath('/settings/security');
    return { name: created.name, password: created.password };
  },
);

export const revokeAppPasswordAction = authedFormAction(
  z.object({ appPasswordId: z.uuid('Choose an app password.') }),
  async ({ appPasswordId }, { actor, current }) => {
    await revokeAppPassword({ actor, userId: current.user.id, appPasswordId });
    redirect('/settings/security?notice=app-password-revoked');
  },
);
