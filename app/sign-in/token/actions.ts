'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { completeSignIn } from '@/lib/auth/complete-sign-in';
import { clearPendingLoginCookie, readPendingLoginCookie, setSessionCookie } from '@/lib/auth/session-cookie';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';

const ZTokenPromptSchema = z.object({ code: ZSecondFactorCodeSchema });

export const verifyTokenAction = formAction(ZTokenPromptSchema, async ({ code }, { request }) => {
  const session = await completeSignIn({ pendingLoginToken: await readPendingLoginCookie(), code, request });
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  redirect('/settings/security');
});
