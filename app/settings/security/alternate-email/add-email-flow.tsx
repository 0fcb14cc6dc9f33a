'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { confirmAlternateEmailAction, startAlternateEmailAction } from './actions';

export function AddEmailFlow({ needsConfirmation }: { needsConfirmation: boolean }) {
  const [startState, startAction] = useActionState<FormState<{ maskedAddress: string }>, FormData>(startAlternateEmailAction, INITIAL_FORM_STATE);
  const [confirmState, confirmAction] = useActionState<FormState<never>, FormData>(confirmAlternateEmailAction, INITIAL_FORM_STATE);

  if (startState.status === 'success' || confirmState.status === 'error') {
    const fieldErrors = confirmState.status === 'error' ? confirmState.fieldErrors : undefined;
    return (
      <div className="space-y-4">
        {startState.status === 'success' && (
          <p role="status" className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm">
            We sent a 6-digit code to {startState.data.maskedAddress}. It expires in 10 minutes.
          </p>
        )}
        <form action={confirmAction} className="max-w-xs space-y-4" noValidate>
          <FormMessage state={confirmState} />
          <TextField label="Token" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={64} autoFocus errors={fieldErrors?.code} />
          <SubmitButton>Verify</SubmitButton>
        </form>
        <Link href="/settings/security/alternate-email" className="block text-sm text-blue-700 underline">
          Use a different address, or send a new code
        </Link>
      </div>
    );
  }
  const fieldErrors = startState.status === 'error' ? startState.fieldErrors : undefined;
  const values = startState.status === 'error' ? startState.values : undefined;
  return (
    <form action={startAction} className="max-w-md space-y-5" noValidate>
      <FormMessage state={startState} />
      <TextField label="Alternate e-mail address" name="address" type="email" autoComplete="email" defaultValue={values?.address} errors={fieldErrors?.address} />
      {(needsConfirmation || fieldErrors?.confirmation || fieldErrors?.code) && (
        <TextField
          label="Current code"
          name="confirmation"
          autoComplete="one-time-code"
          maxLength={64}
          hint="To confirm it is you, enter a code from your authenticator app or a backup code."
          errors={fieldErrors?.confirmation ?? fieldErrors?.code}
        />
      )}
      <SubmitButton>Send code</SubmitButton>
    </form>
  );
}
