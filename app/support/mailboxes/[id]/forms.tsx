'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FieldErrors, type FormState } from '@/lib/actions/form-state';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { setMailboxChallengePolicyAction, supportAction, type SupportActionResult } from './actions';
import type { SupportActionSlug } from './support-actions';

const MAX_REASON_LENGTH = 1000;

/** The reason every support action needs: free text, kept in the audit log. */
function ReasonField({ id, fieldErrors, defaultValue }: { id: string; fieldErrors: FieldErrors | undefined; defaultValue?: string }) {
  const errors = fieldErrors?.reason;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        Reason
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        Why you are doing this, such as the ticket and how you checked who asked. It is kept in the audit log; the owner is not shown it.
      </p>
      <textarea
        id={id}
        name="reason"
        required
        maxLength={MAX_REASON_LENGTH}
        rows={3}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[`${id}-hint`, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ')}
        className={`block w-full rounded-md border px-3 py-2 ${errors?.length ? 'border-red-600' : 'border-slate-300'}`}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** One support action's confirmation: the reason, a code when needed, and the button that does it. */
export function SupportActionForm({
  action,
  button,
  userId,
  brandId,
  email,
  needsCode,
  resetDestinations = [],
}: {
  action: SupportActionSlug;
  button: string;
  userId: string;
  brandId: string;
  email: string;
  needsCode: boolean;
  /** Send a password reset link: where it can go, masked. */
  resetDestinations?: Array<{ via: 'email' | 'sms'; masked: string }>;
}) {
  const [state, formAction] = useActionState<FormState<SupportActionResult>, FormData>(supportAction, INITIAL_FORM_STATE);
  if (state.status === 'success' && 'resetCode' in state.data) {
    return <ResetCodeShownOnce email={email} resetCode={state.data.resetCode} expiresAt={state.data.expiresAt} />;
  }
  if (state.status === 'success' && 'codes' in state.data) {
    return (
      <div className="space-y-3">
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          New backup codes for {email}. They are shown only now: hand them over after the brand’s identity check.
        </p>
        <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-lg border border-amber-300 bg-amber-50 p-4 font-mono text-base">
          {state.data.codes.map((code) => (
            <li key={code} className="rounded bg-white px-2 py-1 text-center">
              {code}
            </li>
          ))}
        </ol>
        <p className="text-sm text-slate-700">Each code works once, in the Token field of the sign-in. The owner’s old backup codes no longer work.</p>
      </div>
    );
  }
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="brandId" value={brandId} />
      {action === 'disable-2fa' && (
        <div className="flex items-start gap-2">
          <input id="support-revoke-app-passwords" name="revokeAppPasswords" type="checkbox" className="mt-1 h-4 w-4 accent-blue-700" aria-describedby="support-revoke-app-passwords-hint" />
          <div>
            <label htmlFor="support-revoke-app-passwords" className="text-sm font-medium">
              Also revoke app passwords
            </label>
            <p id="support-revoke-app-passwords-hint" className="text-xs text-slate-600">
              Only if a device with a mail app may be in the wrong hands: the owner must then set up every mail app again.
            </p>
          </div>
        </div>
      )}
      {action === 'password-reset-link' && (
        <ResetDestinationField destinations={resetDestinations} errors={fieldErrors?.via} chosen={state.status === 'error' ? state.values?.via : undefined} />
      )}
      <ReasonField id="support-reason" fieldErrors={fieldErrors} defaultValue={state.status === 'error' ? state.values?.reason : undefined} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="support-code" />
      <SubmitButton variant={action === 'disable-2fa' ? 'danger' : 'primary'}>{button}</SubmitButton>
    </form>
  );
}

/** Where the reset link goes: said when there is one place, chosen when there are two. */
function ResetDestinationField({
  destinations,
  errors,
  chosen,
}: {
  destinations: Array<{ via: 'email' | 'sms'; masked: string }>;
  errors: string[] | undefined;
  chosen: string | undefined;
}) {
  const [only] = destinations;
  if (!only) {
    return <p className="text-sm">{APP_ERRORS.PASSWORD_RESET_NO_DESTINATION.message}</p>;
  }
  if (destinations.length === 1) {
    return (
      <p className="text-sm">
        The link goes to {only.masked}.<input type="hidden" name="via" value={only.via} />
      </p>
    );
  }
  return (
    <fieldset className="space-y-1" aria-describedby={errors?.length ? 'support-via-error' : undefined}>
      <legend className="text-sm font-medium">Send the link to</legend>
      {destinations.map((destination, index) => (
        <div key={destination.via} className="flex items-center gap-2">
          <input
            id={`support-via-${destination.via}`}
            type="radio"
            name="via"
            value={destination.via}
            required
            defaultChecked={chosen ? chosen === destination.via : index === 0}
            className="h-4 w-4 accent-blue-700"
          />
          <label htmlFor={`support-via-${destination.via}`} className="text-sm">
            {destination.masked}
          </label>
        </div>
      ))}
      {errors?.length ? (
        <p id="support-via-error" className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Support's reset code, shown once: never stored in plain text, never put in a URL. */
function ResetCodeShownOnce({ email, resetCode, expiresAt }: { email: string; resetCode: string; expiresAt: string }) {
  const until = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(expiresAt));
  return (
    <div className="space-y-3">
      <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
        A password reset code for {email}. It is shown only now: hand it over after the brand’s identity check.
      </p>
      <div role="group" aria-label="Password reset code" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-center font-mono text-xl tracking-wider">
        {resetCode}
      </div>
      <p className="text-sm text-slate-700">
        It works once, until {until} UTC (30 minutes). The owner enters it with their mailbox address at “Forgot password?” → “I have a reset code from support”, then
        chooses a new password (and proves their second factor, where the mailbox has one). You never see the password.
      </p>
    </div>
  );
}

/** Support sets when the mailbox is asked for its code, among what its brand offers. */
export function MailboxChallengePolicyForm({
  userId,
  brandId,
  chosen,
  offered,
  needsCode,
}: {
  userId: string;
  brandId: string;
  chosen: ChallengePolicy;
  offered: ChallengePolicy[];
  needsCode: boolean;
}) {
  const [state, formAction] = useActionState<FormState<never>, FormData>(setMailboxChallengePolicyAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-3">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="brandId" value={brandId} />
      <div className="space-y-1">
        <label htmlFor="support-challenge" className="block text-sm font-medium">
          Ask for the code
        </label>
        <select id="support-challenge" name="challengePolicy" defaultValue={chosen} className="rounded-md border border-slate-300 px-2 py-1">
          {offered.map((policy) => (
            <option key={policy} value={policy}>
              {CHALLENGE_POLICY_LABELS[policy]}
            </option>
          ))}
        </select>
        {fieldErrors?.challengePolicy && <p className="text-sm text-red-700">{fieldErrors.challengePolicy.join(' ')}</p>}
      </div>
      <ReasonField id="challenge-reason" fieldErrors={fieldErrors} defaultValue={state.status === 'error' ? state.values?.reason : undefined} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="challenge-code" />
      <SubmitButton variant="secondary">Change</SubmitButton>
    </form>
  );
}
