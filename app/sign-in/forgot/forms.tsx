'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { NewPasswordField } from '@/components/new-password-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { PROMPT_CLASS_NAMES } from '@/lib/brands/prompt-class-names';
import {
  finishRecoveryAction,
  openRecoveryLinkAction,
  openSupportCodeAction,
  proveRecoveryAction,
  sendRecoveryCodeAction,
  startRecoveryAction,
} from './actions';

// The forms of "Forgot password?". Each is a plain form posting to its server action, so it works
// with JavaScript off; with it on, the outcome appears without a reload.

type Action = (previous: FormState<never>, formData: FormData) => Promise<FormState<never>>;

function useForm(action: Action) {
  const [state, formAction] = useActionState<FormState<never>, FormData>(action, INITIAL_FORM_STATE);
  return {
    state,
    formAction,
    fieldErrors: state.status === 'error' ? state.fieldErrors : undefined,
    values: state.status === 'error' ? state.values : undefined,
  };
}

export function ForgotPasswordForm() {
  const { state, formAction, fieldErrors, values } = useForm(startRecoveryAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={values?.email}
        errors={fieldErrors?.email}
        className={PROMPT_CLASS_NAMES.field}
      />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Continue</SubmitButton>
    </form>
  );
}

/** "Send a code to a•••@example.org": one destination the page offered, posted by its key. */
export function SendRecoveryCodeButton({ destination, label }: { destination: string; label: string }) {
  const { state, formAction } = useForm(sendRecoveryCodeAction);
  return (
    <form action={formAction} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="destination" value={destination} />
      <SubmitButton variant="secondary" className={PROMPT_CLASS_NAMES.button}>
        {label}
      </SubmitButton>
    </form>
  );
}

/** The code we sent (`sent`), or as a second proof a code from the authenticator app or a backup code (`factor`). */
export function RecoveryCodeForm({ kind, label, hint }: { kind: 'sent' | 'factor'; label: string; hint: string }) {
  const { state, formAction, fieldErrors } = useForm(proveRecoveryAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="kind" value={kind} />
      <TextField
        label={label}
        name="code"
        id={`field-code-${kind}`}
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={64}
        hint={hint}
        errors={fieldErrors?.code}
        className={PROMPT_CLASS_NAMES.field}
      />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Verify</SubmitButton>
    </form>
  );
}

export function NewPasswordForm({ email, userInputs }: { email: string; userInputs: readonly string[] }) {
  const { state, formAction, fieldErrors } = useForm(finishRecoveryAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <NewPasswordField
        label="New password"
        name="newPassword"
        id="recovery-new-password"
        userInputs={userInputs}
        required
        autoFocus
        hint="At least 8 characters, hard to guess. A few unrelated words make a strong password that is easy to remember; no symbols are required."
        errors={fieldErrors?.newPassword}
        className={PROMPT_CLASS_NAMES.field}
      />
      <div className="flex items-start gap-2">
        <input id="field-revokeAppPasswords" name="revokeAppPasswords" type="checkbox" defaultChecked className="mt-1 h-4 w-4" />
        <label htmlFor="field-revokeAppPasswords" className="text-sm text-slate-800">
          Also revoke app passwords
          <span className="block text-slate-600">Mail apps on your phone and computer then need a new app password. Untick only if you trust every device that has one.</span>
        </label>
      </div>
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Change password</SubmitButton>
    </form>
  );
}

/** Support's reset link: pressing Continue (a POST) opens the recovery; following the link alone changes nothing. */
export function OpenLinkForm({ secret }: { secret: string }) {
  const { state, formAction } = useForm(openRecoveryLinkAction);
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="secret" value={secret} />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Continue</SubmitButton>
    </form>
  );
}

export function SupportCodeForm() {
  const { state, formAction, fieldErrors, values } = useForm(openSupportCodeAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={values?.email}
        errors={fieldErrors?.email}
        className={PROMPT_CLASS_NAMES.field}
      />
      <TextField
        label="Reset code"
        name="code"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={64}
        hint="The code support read out or gave you, like ABCD-EFGH-JKMN-PQRS."
        errors={fieldErrors?.code}
        className={PROMPT_CLASS_NAMES.field}
      />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Continue</SubmitButton>
    </form>
  );
}
