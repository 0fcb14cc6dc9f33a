'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { formAction } from '@/lib/actions/form-action';
import { enrollingActor } from '@/lib/sign-in/enrolling-actor';
import { postponeEnrolment } from '@/lib/sign-in/postpone-enrolment';
import { clearPendingLoginCookie, readPendingLoginCookie, setSessionCookie } from '@/lib/sessions/session-cookie';
import { ZTotpCodeSchema } from '@/lib/mfa/code-schema';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';

// A sign-in that must enrol has no session: these actions act for its pending login, which
// allows enrolling and, during the enrolment period, "Set up later", and nothing else.
const ZNoInputSchema = z.object({});

export const startEnrolmentAction = formAction(ZNoInputSchema, async (_input, { request }) => {
  const actor = await enrollingActor({ pendingLoginToken: await readPendingLoginCookie(), request });
  await startTotpEnrolment({ actor, userId: actor.pendingLogin.userId });
  redirect('/sign-in/enrol');
});

export const finishEnrolmentAction = formAction(z.object({ code: ZTotpCodeSchema }), async ({ code }, { request }) => {
  const actor = await enrollingActor({ pendingLoginToken: await readPendingLoginCookie(), request });
  const { backupCodes, session } = await enableTotp({ actor, userId: actor.pendingLogin.userId, code });
  // The session exists only now, from the factor just proved; the codes are shown once, here.
  if (session) {
    await clearPendingLoginCookie();
    await setSessionCookie(session);
  }
  return { backupCodes };
});

export const postponeEnrolmentAction = formAction(ZNoInputSchema, async (_input, { request }) => {
  const actor = await enrollingActor({ pendingLoginToken: await readPendingLoginCookie(), request });
  const session = await postponeEnrolment({ actor });
  await clearPendingLoginCookie();
  await setSessionCookie(session);
  redirect('/settings/security');
});
