'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { NewPasswordField } from '@/components/new-password-field';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { changePasswordAction } from './password-actions';

type Changed = { signedOutSessions: number };

/**
 * "Change password". No maxLength on the password inputs: a browser would cut a longer paste
 * without a word, and the user would then not know their own password; the server says "too long".
 */
export function ChangePasswordForm({
  email,
  needsCode,
  minLength,
  userInputs,
}: {
  email: string;
  needsCode: boolean;
  minLength: number;
  userInputs: readonly string[];
}) {
  const [state, action] = useActionState<FormState<Changed>, FormData>(changePasswordAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Your password was changed.{' '}
          {state.data.signedOutSessions === 0
            ? 'You were not signed in anywhere else.'
            : `${state.data.signedOutSessions} other ${state.data.signedOutSessions === 1 ? 'session was' : 'sessions were'} signed out.`}{' '}
          We sent a notice to {email}.
        </p>
      )}
      {/* Tells a password manager which account's password this form changes. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="Current password"
        name="currentPassword"
        id="change-password-current"
        type="password"
        autoComplete="current-password"
        errors={fieldErrors?.currentPassword}
      />
      <NewPasswordField
        label="New password"
        name="newPassword"
        id="change-password-new"
        userInputs={userInputs}
        hint={`At least ${minLength} characters, hard to guess. A few unrelated words make a long password that is easy to remember; no symbols are required.`}
        errors={fieldErrors?.newPassword}
      />
      <TextField
        label="Confirm new password"
        name="confirmNewPassword"
        id="change-password-confirm"
        type="password"
        autoComplete="new-password"
        errors={fieldErrors?.confirmNewPassword}
      />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="change-password-code" />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
