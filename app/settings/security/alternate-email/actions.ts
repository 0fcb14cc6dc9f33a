'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { maskEmail } from '@/lib/core/mask';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { ZReauthCodeSchema, ZSentCodeSchema } from '@/lib/mfa/code-schema';

const ZStartSchema = z.object({
  address: ZEmailSchema,
  code: ZReauthCodeSchema,
});

export const startAlternateEmailAction = authedFormAction(ZStartSchema, async ({ address, code }, { actor, current }) => {
  const issued = await startAlternateEmailVerification({ actor, userId: current.user.id, address, code: code ?? null });
  return { maskedAddress: maskEmail(issued.destination) };
});

export const confirmAlternateEmailAction = authedFormAction(z.object({ code: ZSentCodeSchema }), async ({ code }, { actor, current }) => {
  await confirmAlternateEmail({ actor, userId: current.user.id, code });
  redirect('/settings/security?notice=email-added');
});
