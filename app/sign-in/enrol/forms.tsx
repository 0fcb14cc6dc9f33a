'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { PROMPT_CLASS_NAMES } from '@/lib/brands/prompt-class-names';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { postponeEnrolmentAction, startEnrolmentAction } from './actions';

export function StartEnrolmentForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(startEnrolmentAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Set up an authenticator app</SubmitButton>
    </form>
  );
}

export function PostponeEnrolmentForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(postponeEnrolmentAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <SubmitButton variant="secondary">Set up later</SubmitButton>
    </form>
  );
}
