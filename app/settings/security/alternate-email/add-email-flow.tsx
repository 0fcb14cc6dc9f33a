'use client';

import { useActionState } from 'react';
import { ConfirmCodeStep } from '@/components/confirm-code-step';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { confirmAlternateEmailAction, startAlternateEmailAction } from './actions';

export function AddEmailFlow({ needsConfirmation }: { needsConfirmation: boolean }) {
  const [startState, startAction] = useActionState<FormState<{ maskedAddress: string }>, FormData>(startAlternateEmailAction, INITIAL_FORM_STATE);
  const [confirmState, confirmAction] = useActionState<FormState<never>, FormData>(confirmAlternateEmailAction, INITIAL_FORM_STATE);

  if (startState.status === 'success' || confirmState.status === 'error') {
    return (
      <ConfirmCodeStep
        sent={startState.status === 'success' && `We sent a 6-digit code to ${startState.data.maskedAddress}.`}
        state={confirmState}
        action={confirmAction}
        restart={{ href: '/settings/security/alternate-email', label: 'Use a different address, or send a new code' }}
      />
    );
  }
  const fieldErrors = startState.status === 'error' ? startState.fieldErrors : undefined;
  const values = startState.status === 'error' ? startState.values : undefined;
  return (
    <form action={startAction} className="max-w-md space-y-5" noValidate>
      <FormMessage state={startState} />
      <TextField label="Alternate e-mail address" name="address" type="email" autoComplete="email" defaultValue={values?.address} errors={fieldErrors?.address} />
      <ReauthCodeField isNeeded={needsConfirmation} fieldErrors={fieldErrors} id="add-email-code" />
      <SubmitButton>Send code</SubmitButton>
    </form>
  );
}
