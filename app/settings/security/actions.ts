'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZPasswordSchema } from '@/lib/auth/password-schema';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { signOut } from '@/lib/auth/sign-out';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { signOutOtherSessions } from '@/lib/auth/sign-out-other-sessions';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { ZReauthCodeSchema, ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { disableTotp } from '@/lib/mfa/totp/disable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { removeAlternateEmail } from '@/lib/alternate-email/remove-alternate-email';
import { removePhone } from '@/lib/phones/remove-phone';

const ZNoInputSchema = z.object({});

export const startTotpEnrolmentAction = authedFormAction(ZNoInputSchema, async (_input, { current }) => {
  await startTotpEnrolment({ userId: current.user.id });
  redirect('/settings/security/two-factor');
});

const ZShowCodesSchema = z.object({ code: ZReauthCodeSchema });

export const showBackupCodesAction = authedFormAction(ZShowCodesSchema, async ({ code }, { current, request }) => {
  const codes = await createNewBackupCodes({ current, code: code ?? null, request });
  // The page's count of unused codes is read again; the new codes stay in this form's state.
  revalidatePath('/settings/security');
  return { codes };
});

const ZDisableSchema = z.object({ password: ZPasswordSchema, code: ZSecondFactorCodeSchema });

export const disableTotpAction = authedFormAction(ZDisableSchema, async ({ password, code }, { current, request }) => {
  await disableTotp({ user: current.user, password, code, request });
  redirect('/settings/security?notice=mfa-disabled');
});

export const signOutAction = authedFormAction(ZNoInputSchema, async (_input, { current, request }) => {
  await signOut({ sessionId: current.session.id, userId: current.user.id, request });
  await clearSessionCookie();
  redirect('/sign-in');
});

export const signOutEverywhereAction = authedFormAction(ZNoInputSchema, async (_input, { current, request }) => {
  await signOutEverywhere({ userId: current.user.id, request });
  await clearSessionCookie();
  redirect('/sign-in');
});

export const removePhoneAction = authedFormAction(
  z.object({ phoneId: z.uuid('Choose a phone.'), code: ZReauthCodeSchema }),
  async ({ phoneId, code }, { current, request }) => {
    await removePhone({ current, phoneId, code: code ?? null, request });
    redirect('/settings/security?notice=phone-removed');
  },
);

export const removeAlternateEmailAction = authedFormAction(
  z.object({ code: ZReauthCodeSchema }),
  async ({ code }, { current, request }) => {
    await removeAlternateEmail({ current, code: code ?? null, request });
    redirect('/settings/security?notice=email-removed');
  },
);

export const signOutOtherSessionsAction = authedFormAction(ZNoInputSchema, async (_input, { current, request }) => {
  const { revoked } = await signOutOtherSessions({ userId: current.user.id, currentSessionId: current.session.id, request });
  redirect(`/settings/security?notice=${revoked === 1 ? 'signed-out-other' : 'signed-out-others'}`);
});
