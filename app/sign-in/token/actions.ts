'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { setSessionCookie } from '@/lib/sessions/session-cookie';
import { clearPendingLoginCookie } from '@/lib/sign-in/pending-login-cookie';
import { readSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { ZTokenPromptSchema } from '@/lib/mfa/code-schema';

export const verifyTokenAction = formAction(ZTokenPromptSchema, async (code, { request }) => {
  const { attempt } = await readSignInAttempt(request);
  const session = await completeSignIn({ attempt, code });
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  redirect('/settings/security');
});

const ZSendCodeSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.enum(['SMS', 'VOICE']), phoneId: z.uuid('Choose a phone.') }),
  z.object({ channel: z.literal('EMAIL') }),
]);

export const sendSignInCodeAction = formAction(ZSendCodeSchema, async (target, { request }) => {
  const { attempt } = await readSignInAttempt(request);
  await sendSignInCode({ attempt, target });
  // The prompt re-renders from the database: it now asks for the code that was just sent.
  redirect('/sign-in/token?sent=1');
});
