'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { selfActor } from '@/lib/core/actor';
import { authedFormAction } from '@/lib/actions/form-action';
import { INITIAL_FORM_STATE } from '@/lib/actions/form-state';
import { ZPasswordSchema } from '@/lib/passwords/password-schema';
import { clearSessionCookie } from '@/lib/sessions/session-cookie';
import { signOut } from '@/lib/sessions/sign-out';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { signOutOtherSessions } from '@/lib/sessions/sign-out-other-sessions';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { ZReauthCodeSchema, ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { turnOffTwoFactor } from '@/lib/mfa/turn-off-two-factor';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { removeAlternateEmail } from '@/lib/alternate-email/remove-alternate-email';
import { removePhone } from '@/lib/phones/remove-phone';
import { setMobilePhone } from '@/lib/phones/set-mobile-phone';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { forgetLocation } from '@/lib/locations/forget-location';
import { ZChallengePolicySchema } from '@/lib/policy/policy-settings';

const ZNoInputSchema = z.object({});

export const startTotpEnrolmentAction = authedFormAction(ZNoInputSchema, async (_input, { actor, current }) => {
  await startTotpEnrolment({ actor, userId: current.user.id });
  redirect('/settings/security/two-factor');
});

const ZShowCodesSchema = z.object({ code: ZReauthCodeSchema });

export const showBackupCodesAction = authedFormAction(ZShowCodesSchema, async ({ code }, { actor, current }) => {
  const codes = await createNewBackupCodes({ actor, userId: current.user.id, code: code ?? null });
  // The page's count of unused codes is read again; the new codes stay in this form's state.
  revalidatePath('/settings/security');
  return { codes };
});

const ZTurnOffSchema = z.object({ password: ZPasswordSchema, code: ZSecondFactorCodeSchema });

export const turnOffTwoFactorAction = authedFormAction(ZTurnOffSchema, async ({ password, code }, { actor, current }) => {
  await turnOffTwoFactor({ actor, userId: current.user.id, password, code });
  redirect('/settings/security?notice=mfa-disabled');
});

export const signOutAction = authedFormAction(ZNoInputSchema, async (_input, { current, request }) => {
  await signOut({ actor: selfActor(current, request) });
  await clearSessionCookie();
  redirect('/sign-in');
});

/**
 * The header's user menu posts a plain form (no client component on every page): the same action,
 * without a form state to show, so a refusal (too many posts) is told on Account Security.
 */
export async function signOutFromMenuAction(formData: FormData): Promise<void> {
  // A success redirects to the sign-in page from inside the action.
  await signOutAction(INITIAL_FORM_STATE, formData);
  redirect('/settings/security?notice=sign-out-failed');
}

export const signOutEverywhereAction = authedFormAction(ZNoInputSchema, async (_input, { actor, current }) => {
  await signOutEverywhere({ actor, userId: current.user.id });
  await clearSessionCookie();
  redirect('/sign-in');
});

export const removePhoneAction = authedFormAction(
  z.object({ phoneId: z.uuid('Choose a phone.'), code: ZReauthCodeSchema }),
  async ({ phoneId, code }, { actor, current }) => {
    await removePhone({ actor, userId: current.user.id, phoneId, code: code ?? null });
    redirect('/settings/security?notice=phone-removed');
  },
);

export const setMobilePhoneAction = authedFormAction(
  z.object({ phoneId: z.uuid('Choose a phone.'), code: ZReauthCodeSchema }),
  async ({ phoneId, code }, { actor, current }) => {
    await setMobilePhone({ actor, userId: current.user.id, phoneId, code: code ?? null });
    redirect('/settings/security?notice=mobile-set');
  },
);

export const removeAlternateEmailAction = authedFormAction(
  z.object({ code: ZReauthCodeSchema }),
  async ({ code }, { actor, current }) => {
    await removeAlternateEmail({ actor, userId: current.user.id, code: code ?? null });
    redirect('/settings/security?notice=email-removed');
  },
);

export const signOutOtherSessionsAction = authedFormAction(ZNoInputSchema, async (_input, { current, request }) => {
  const { revoked } = await signOutOtherSessions({ actor: selfActor(current, request), userId: current.user.id });
  redirect(`/settings/security?notice=${revoked === 1 ? 'signed-out-other' : 'signed-out-others'}`);
});

export const setChallengePolicyAction = authedFormAction(
  z.object({ challengePolicy: ZChallengePolicySchema, code: ZReauthCodeSchema }),
  async ({ challengePolicy, code }, { actor, current }) => {
    await setChallengePolicy({ actor, userId: current.user.id, challengePolicy, code: code ?? null });
    redirect('/settings/security?notice=challenge-changed');
  },
);

export const forgetLocationAction = authedFormAction(
  z.object({ locationId: z.uuid('Choose a location.') }),
  async ({ locationId }, { actor, current }) => {
    await forgetLocation({ actor, userId: current.user.id, locationId });
    redirect('/settings/security?notice=location-forgotten');
  },
);
