'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { maskEmail } from '@/lib/alternate-email/mask-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { ZEmailSchema } from '@/lib/auth/email-schema';
import { ZReauthCodeSchema, ZSentCodeSchema } from '@/lib/mfa/code-schema';

const ZStartSchema = z.object({
  address: ZEmailSchema,
  code: ZReauthCodeSchema,
});

export const startAlternateEmailAction = authedFormAction(ZStartSchema, async ({ address, code }, { current, request }) => {
  const issued = await startAlternateEmailVerification({ current, address, code: code ?? null, request });
  return { maskedAddress: maskEmail(issued.destination) };
});

export const confirmAlternateEmailAction = authedFormAction(z.object({ code: ZSentCodeSchema }), async ({ code }, { current, request }) => {
  await confirmAlternateEmail({ user: current.user, code, request });
  redirect('/settings/security?notice=email-added');
});
