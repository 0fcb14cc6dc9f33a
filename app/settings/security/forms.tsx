'use client';

import { useActionState } from 'react';
import { BackupCodesPanel } from '@/components/backup-codes-panel';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import {
  removeAlternateEmailAction,
  removePhoneAction,
  setMobilePhoneAction,
  turnOffTwoFactorAction,
  showBackupCodesAction,
  signOutEverywhereAction,
  signOutOtherSessionsAction,
  startTotpEnrolmentAction,
  setChallengePolicyAction,
  forgetLocationAction,
} from './actions';
import { CHALLENGE_POLICY_HINTS, CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';

export function EnableTotpForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(startTotpEnrolmentAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <SubmitButton>Enable</SubmitButton>
    </form>
  );
}

export function ShowCodesForm({
  email,
  brandName,
  needsCode,
  otherSessions,
}: {
  email: string;
  brandName: string;
  needsCode: boolean;
  otherSessions: number;
}) {
  const [state, action] = useActionState<FormState<{ codes: string[] }>, FormData>(showBackupCodesAction, INITIAL_FORM_STATE);
  if (state.status === 'success') {
    return (
      <div className="space-y-3">
        <BackupCodesPanel codes={state.data.codes} email={email} brandName={brandName} headingLevel={4} />
        <OtherSessionsNotice otherSessions={otherSessions} />
      </div>
    );
  }
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">Showing codes creates a new set of 10 and the previous codes stop working.</p>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="show-codes-code" />
      <SubmitButton variant="secondary">Show Codes</SubmitButton>
    </form>
  );
}

export function DisableTotpForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(turnOffTwoFactorAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        Turning two-factor authentication off makes your mailbox easier to break into. Confirm with your password and a current code.
      </p>
      <TextField label="Password" name="password" id="disable-password" type="password" autoComplete="current-password" errors={fieldErrors?.password} />
      <TextField label="Token" name="code" id="disable-code" autoComplete="one-time-code" maxLength={64} errors={fieldErrors?.code} />
      <SubmitButton variant="danger">Disable</SubmitButton>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(signOutEverywhereAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <SubmitButton variant="secondary">Sign out everywhere</SubmitButton>
    </form>
  );
}

/** "Remove" for one backup phone or the alternate address, with a Token field when re-authentication is due. */
export function RemoveFactorForm({ phoneId, label, needsCode }: { phoneId?: string; label: string; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<never>, FormData>(phoneId ? removePhoneAction : removeAlternateEmailAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const id = phoneId ?? 'alternate-email';
  return (
    <form action={action} className="space-y-2" aria-label={label}>
      <FormMessage state={state} />
      {phoneId && <input type="hidden" name="phoneId" value={phoneId} />}
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`remove-${id}-code`} />
      <SubmitButton variant="secondary">Remove</SubmitButton>
    </form>
  );
}

/** "Use for SMS logins" for one backup phone: where an SMS password's codes are texted. */
export function SetMobilePhoneForm({ phoneId, label, needsCode }: { phoneId: string; label: string; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<never>, FormData>(setMobilePhoneAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2" aria-label={label}>
      <FormMessage state={state} />
      <input type="hidden" name="phoneId" value={phoneId} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`mobile-${phoneId}-code`} />
      <SubmitButton variant="secondary">Use for SMS logins</SubmitButton>
    </form>
  );
}

/**
 * After a change to how the account signs in: the sessions opened before it are counted and
 * offered to be signed out, so none of them (perhaps whoever prompted the change) outlives it.
 */
export function OtherSessionsOffer({ otherSessions }: { otherSessions: number }) {
  if (otherSessions < 1) return null;
  return (
    <>
      <p>
        You are also signed in on {otherSessions} other {otherSessions === 1 ? 'session' : 'sessions'}, opened before this change. Sign{' '}
        {otherSessions === 1 ? 'it' : 'them'} out unless you recognise every one.
      </p>
      <SignOutOtherSessionsForm />
    </>
  );
}

/** The offer on its own, for a change shown in place (new backup codes, a new app password). */
export function OtherSessionsNotice({ otherSessions }: { otherSessions: number }) {
  if (otherSessions < 1) return null;
  return (
    <div role="status" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <OtherSessionsOffer otherSessions={otherSessions} />
    </div>
  );
}

export function SignOutOtherSessionsForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(signOutOtherSessionsAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <SubmitButton variant="secondary">Sign out other sessions</SubmitButton>
    </form>
  );
}

/** When the code is asked for, among the choices the brand offers. */
export function ChallengePolicyForm({ chosen, offered, needsCode }: { chosen: ChallengePolicy; offered: ChallengePolicy[]; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<never>, FormData>(setChallengePolicyAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Ask for a code after my password</legend>
        {offered.map((policy) => (
          <div key={policy} className="flex items-start gap-2">
            <input
              id={`challenge-${policy}`}
              type="radio"
              name="challengePolicy"
              value={policy}
              defaultChecked={policy === chosen}
              aria-describedby={`challenge-${policy}-hint`}
              className="mt-1 h-4 w-4 accent-blue-700"
            />
            <div>
              <label htmlFor={`challenge-${policy}`} className="text-sm font-medium">
                {CHALLENGE_POLICY_LABELS[policy]}
              </label>
              <p id={`challenge-${policy}-hint`} className="text-xs text-slate-600">
                {CHALLENGE_POLICY_HINTS[policy]}
              </p>
            </div>
          </div>
        ))}
        {fieldErrors?.challengePolicy && <p className="text-sm text-red-700">{fieldErrors.challengePolicy.join(' ')}</p>}
      </fieldset>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="challenge-code" />
      <SubmitButton variant="secondary">Save</SubmitButton>
    </form>
  );
}

/** "Forget" one remembered address or country: the next sign-in from it asks for the code. */
export function ForgetLocationForm({ locationId, label }: { locationId: string; label: string }) {
  const [state, action] = useActionState<FormState<never>, FormData>(forgetLocationAction, INITIAL_FORM_STATE);
  return (
    <form action={action} aria-label={`Forget ${label}`}>
      <FormMessage state={state} />
      <input type="hidden" name="locationId" value={locationId} />
      <SubmitButton variant="secondary">Forget</SubmitButton>
    </form>
  );
}
