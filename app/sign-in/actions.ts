'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { ZPasswordSchema } from '@/lib/passwords/password-schema';
import { setSessionCookie } from '@/lib/sessions/session-cookie';
import { setPendingLoginCookie } from '@/lib/sign-in/pending-login-cookie';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';

const ZSignInSchema = z.object({ email: ZEmailSchema, password: ZPasswordSchema });

export const signInAction = formAction(ZSignInSchema, async ({ email, password }, { request }) => {
  const result = await signInWithPassword({ email, password, request });
  if (result.next === 'second-factor') {
    await setPendingLoginCookie(result.pendingLogin);
    redirect('/sign-in/token');
  }
  if (result.next === 'enrol') {
    await setPendingLoginCookie(result.pendingLogin);
    redirect('/sign-in/enrol');
  }
  await setSessionCookie(result.session);
  redirect('/settings/security');
});
