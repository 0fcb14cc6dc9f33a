'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { clearPendingLoginCookie, readPendingLoginCookie, setSessionCookie } from '@/lib/sessions/session-cookie';
import { ZTokenPromptSchema } from '@/lib/mfa/code-schema';

export const verifyTokenAction = formAction(ZTokenPromptSchema, async (code, { request }) => {
  const session = await completeSignIn({ pendingLoginToken: await readPendingLoginCookie(), code, request });
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  redirect('/settings/security');
});

const ZSendCodeSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.enum(['SMS', 'VOICE']), phoneId: z.uuid('Choose a phone.') }),
  z.object({ channel: z.literal('EMAIL') }),
]);

export const sendSignInCodeAction = formAction(ZSendCodeSchema, async (target, { request }) => {
  await sendSignInCode({ pendingLoginToken: await readPendingLoginCookie(), target, request });
  // The prompt re-renders from the database: it now asks for the code that was just sent.
  redirect('/sign-in/token?sent=1');
});
