'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { answerDomainRequestAction } from './actions';

/** Approve or refuse one waiting domain request: two buttons of one form, the answer named by the one pressed. */
export function DomainRequestForm({ requestId, domain, needsCode }: { requestId: string; domain: string; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<{ message: string }>, FormData>(answerDomainRequestAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {state.data.message}
        </p>
      )}
      <input type="hidden" name="requestId" value={requestId} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`answer-${requestId}-code`} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="answer" value="approve">{`Approve ${domain}`}</SubmitButton>
        <SubmitButton name="answer" value="refuse" variant="secondary">{`Refuse ${domain}`}</SubmitButton>
      </div>
    </form>
  );
}
