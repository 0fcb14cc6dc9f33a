'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { verifyTokenAction } from './actions';

export function TokenForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(verifyTokenAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        label="Token"
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint="The 6-digit code from your authenticator app, or one of your backup codes."
        errors={fieldErrors?.code}
      />
      <SubmitButton>Verify</SubmitButton>
    </form>
  );
}
