'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { enrolAtSignIn } from '@/lib/sign-in/enrol-at-sign-in';
import { postponeEnrolment } from '@/lib/sign-in/postpone-enrolment';
import { setSessionCookie } from '@/lib/sessions/session-cookie';
import { clearPendingLoginCookie } from '@/lib/sign-in/pending-login-cookie';
import { readSignInAttempt, requireEnrollingAttempt } from '@/lib/sign-in/sign-in-attempt';
import { ZTotpCodeSchema } from '@/lib/mfa/code-schema';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';

// A sign-in that must enrol has no session: these actions act for its pending login, which
// allows enrolling and, during the enrolment period, "Set up later", and nothing else.
const ZNoInputSchema = z.object({});

export const startEnrolmentAction = formAction(ZNoInputSchema, async (_input, { request }) => {
  const { actor } = requireEnrollingAttempt((await readSignInAttempt(request)).attempt);
  await startTotpEnrolment({ actor, userId: actor.pendingLogin.userId });
  redirect('/sign-in/enrol');
});

export const finishEnrolmentAction = formAction(z.object({ code: ZTotpCodeSchema }), async ({ code }, { request }) => {
  const { attempt } = await readSignInAttempt(request);
  const { backupCodes, session } = await enrolAtSignIn({ attempt, code });
  // The session exists only now, from the factor just proved; the codes are shown once, here.
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  return { backupCodes };
});

export const postponeEnrolmentAction = formAction(ZNoInputSchema, async (_input, { request }) => {
  const { attempt } = await readSignInAttempt(request);
  const session = await postponeEnrolment({ attempt });
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  redirect('/settings/security');
});
