'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { MAX_ENROLMENT_DAYS } from '@/lib/policy/policy-settings';
import { answerMemberResetAction, remindMemberAction, requireMemberTwoFactorAction, resetMemberTwoFactorAction } from './two-factor-actions';

const MAX_REASON_LENGTH = 1000;

/** "Require two-factor authentication for members" and its enrolment period, on the preferences page. */
export function RequireTwoFactorForm({
  organisationId,
  isRequired,
  enrolmentDays,
  needsCode,
}: {
  organisationId: string;
  isRequired: boolean;
  enrolmentDays: number;
  /** Turning it off or lengthening the period asks for a current code when the last one is old. */
  needsCode: boolean;
}) {
  const [state, action] = useActionState<FormState<{ requireTwoFactor: boolean; enrolmentDays: number | null; enforceFrom: string | null }>, FormData>(
    requireMemberTwoFactorAction,
    INITIAL_FORM_STATE,
  );
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {state.data.requireTwoFactor
            ? `Saved. Members must set up two-factor authentication within ${state.data.enrolmentDays} days of their next sign-in.`
            : 'Saved. This account no longer requires two-factor authentication of its members.'}
        </p>
      )}
      <input type="hidden" name="organisationId" value={organisationId} />
      <div className="space-y-1">
        <div className="flex items-center gap-2">
          <input
            id="requireTwoFactor"
            name="requireTwoFactor"
            type="checkbox"
            defaultChecked={isRequired}
            aria-describedby="requireTwoFactor-hint"
            className="h-4 w-4 accent-blue-700"
          />
          <label htmlFor="requireTwoFactor" className="font-medium">
            Require two-factor authentication for members
          </label>
        </div>
        <p id="requireTwoFactor-hint" className="text-sm text-slate-600">
          Members without a second factor are taken to set one up when they sign in. During the enrolment period they may choose
          &ldquo;Set up later&rdquo;; after it, signing in and their mail apps need it. Each member&apos;s period starts once, at its
          first sign-in under the requirement, and is never renewed.
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="enrolmentDays" className="block text-sm font-medium">
          Enrolment period (days)
        </label>
        <input
          id="enrolmentDays"
          name="enrolmentDays"
          type="number"
          min={0}
          max={MAX_ENROLMENT_DAYS}
          defaultValue={enrolmentDays}
          aria-invalid={fieldErrors?.enrolmentDays ? true : undefined}
          aria-describedby={fieldErrors?.enrolmentDays ? 'enrolmentDays-error' : undefined}
          className="w-28 rounded-md border border-slate-300 px-2 py-1"
        />
        {fieldErrors?.enrolmentDays && (
          <p id="enrolmentDays-error" className="text-sm text-red-700">
            {fieldErrors.enrolmentDays.join(' ')}
          </p>
        )}
      </div>
      <ReauthCodeField isNeeded={needsCode && isRequired} fieldErrors={fieldErrors} id="require-two-factor-code" />
      <SubmitButton>Save requirement</SubmitButton>
    </form>
  );
}

/** "Remind": one e-mail asking a member without two-factor authentication to set it up (once a day). */
export function RemindMemberForm({ organisationId, userId, email, mayRemind }: { organisationId: string; userId: string; email: string; mayRemind: boolean }) {
  const [state, action] = useActionState<FormState<{ reminded: boolean }>, FormData>(remindMemberAction, INITIAL_FORM_STATE);
  // Once reminded the page no longer offers it; the answer stays until the next visit.
  if (!mayRemind && state.status !== 'success') return null;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="userId" value={userId} />
      {state.status === 'success' ? (
        <p role="status" className="text-sm text-green-800">
          Reminder sent to {email}.
        </p>
      ) : (
        <SubmitButton variant="secondary">{`Remind ${email}`}</SubmitButton>
      )}
      <FormMessage state={state} />
    </form>
  );
}

/**
 * "Reset two-factor authentication" of a member who lost their phone: a reason and, when the
 * administrator's last second factor is old, a current code. On another administrator it asks a
 * second administrator to confirm.
 */
export function ResetMemberTwoFactorForm({
  organisationId,
  userId,
  email,
  isAdministrator,
  needsCode,
  isOffered,
}: {
  organisationId: string;
  userId: string;
  email: string;
  isAdministrator: boolean;
  needsCode: boolean;
  /** Whether the page offers it now (two-factor on, nothing waiting); the answer stays after it is done. */
  isOffered: boolean;
}) {
  const [state, action] = useActionState<FormState<{ kind: 'reset' } | { kind: 'requested'; expiresAt: string }>, FormData>(
    resetMemberTwoFactorAction,
    INITIAL_FORM_STATE,
  );
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const id = `reset-${userId}`;
  if (!isOffered && state.status !== 'success') return null;
  if (state.status === 'success') {
    return (
      <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
        {state.data.kind === 'reset'
          ? `Two-factor authentication of ${email} is off and it was signed out everywhere. It sets up a new second factor at its next sign-in; ${email} and its alternate address were told.`
          : `Asked: another administrator must confirm the reset of ${email} within 24 hours.`}
      </p>
    );
  }
  return (
    <details className="w-full">
      <summary className="cursor-pointer text-sm font-medium text-blue-700">{`Reset two-factor authentication of ${email}`}</summary>
      <form action={action} className="mt-3 space-y-3">
        <FormMessage state={state} />
        <p className="text-sm text-slate-700">
          For a member who lost their phone: every second factor of {email} goes (authenticator app, backup phones and codes) and it
          is signed out everywhere; it sets up a new one at its next sign-in. {email} and its alternate address are e-mailed.
          {isAdministrator && ' This member is an administrator: another administrator must confirm before anything changes.'}
        </p>
        <input type="hidden" name="organisationId" value={organisationId} />
        <input type="hidden" name="userId" value={userId} />
        <div className="space-y-1">
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
            Reason
          </label>
          <p id={`${id}-reason-hint`} className="text-sm text-slate-600">
            Why, such as how the member asked and how you checked it was them. It is kept in the audit log.
          </p>
          <textarea
            id={`${id}-reason`}
            name="reason"
            required
            maxLength={MAX_REASON_LENGTH}
            rows={2}
            aria-invalid={fieldErrors?.reason ? true : undefined}
            aria-describedby={[`${id}-reason-hint`, fieldErrors?.reason ? `${id}-reason-error` : null].filter(Boolean).join(' ')}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
          />
          {fieldErrors?.reason && (
            <p id={`${id}-reason-error`} className="text-sm text-red-700">
              {fieldErrors.reason.join(' ')}
            </p>
          )}
        </div>
        <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`${id}-code`} />
        <SubmitButton variant="danger">{isAdministrator ? `Ask to reset ${email}` : `Reset ${email}`}</SubmitButton>
      </form>
    </details>
  );
}

/** Confirm or cancel another administrator's waiting reset. */
export function AnswerMemberResetForm({
  organisationId,
  requestId,
  answer,
  label,
  needsCode,
}: {
  organisationId: string;
  requestId: string;
  answer: 'confirm' | 'cancel';
  label: string;
  needsCode: boolean;
}) {
  const [state, action] = useActionState<FormState<{ answer: 'confirm' | 'cancel' }>, FormData>(answerMemberResetAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  if (state.status === 'success') {
    return (
      <p role="status" className="text-sm text-green-800">
        {state.data.answer === 'confirm' ? 'Confirmed: the reset is done and the administrator was told.' : 'Cancelled: nothing changed.'}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="answer" value={answer} />
      {answer === 'confirm' && <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`answer-${requestId}-code`} />}
      <SubmitButton variant={answer === 'confirm' ? 'danger' : 'secondary'}>{label}</SubmitButton>
    </form>
  );
}
