'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZReauthCodeSchema, ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { maskPhoneNumber } from '@/lib/core/mask';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';

const ZStartSchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, 'Choose the country of the number.'),
  number: z.string().max(100, 'That is too long to be a phone number.'),
  channel: z.enum(['SMS', 'VOICE'], 'Choose how to get the code: text message or phone call.'),
  code: ZReauthCodeSchema,
});

export const startPhoneVerificationAction = authedFormAction(ZStartSchema, async (input, { actor, current }) => {
  const issued = await startPhoneVerification({
    actor,
    userId: current.user.id,
    country: input.country,
    number: input.number,
    channel: input.channel,
    code: input.code ?? null,
  });
  return { channel: issued.channel, maskedNumber: maskPhoneNumber(issued.destination) };
});

const ZConfirmSchema = z.object({ code: ZSentCodeSchema });

export const confirmPhoneAction = authedFormAction(ZConfirmSchema, async ({ code }, { actor, current }) => {
  await confirmPhone({ actor, userId: current.user.id, code });
  redirect('/settings/security?notice=phone-added');
});
