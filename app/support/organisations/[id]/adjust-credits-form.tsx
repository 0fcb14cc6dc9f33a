'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { adjustCreditsAction } from './actions';

const MAX_REASON_LENGTH = 1000;

/** Platform support's correction of a balance: the change, the reason, a code when needed. */
export function AdjustCreditsForm({ organisationId, brandId, needsCode }: { organisationId: string; brandId: string; needsCode: boolean }) {
  const [state, formAction] = useActionState<FormState<null>, FormData>(adjustCreditsAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const values = state.status === 'error' ? state.values : undefined;
  const reasonErrors = fieldErrors?.reason;
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="brandId" value={brandId} />
      <TextField
        label="Change in credits"
        name="credits"
        id="adjust-credits"
        inputMode="numeric"
        required
        maxLength={8}
        hint="A whole number: 50 adds credits, -20 takes them away. The balance never goes below zero."
        defaultValue={values?.credits}
        errors={fieldErrors?.credits}
      />
      <div className="space-y-1">
        <label htmlFor="adjust-reason" className="block text-sm font-medium">
          Reason
        </label>
        <p id="adjust-reason-hint" className="text-sm text-slate-600">
          Why, such as the ticket. It is kept in the audit log and shown in the account’s history.
        </p>
        <textarea
          id="adjust-reason"
          name="reason"
          required
          maxLength={MAX_REASON_LENGTH}
          rows={3}
          defaultValue={values?.reason}
          aria-invalid={reasonErrors?.length ? true : undefined}
          aria-describedby={['adjust-reason-hint', reasonErrors?.length ? 'adjust-reason-error' : null].filter(Boolean).join(' ')}
          className={`block w-full rounded-md border px-3 py-2 ${reasonErrors?.length ? 'border-red-600' : 'border-slate-300'}`}
        />
        {reasonErrors?.length ? (
          <p id="adjust-reason-error" className="text-sm text-red-700">
            {reasonErrors.join(' ')}
          </p>
        ) : null}
      </div>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="adjust-code" />
      <SubmitButton>Adjust credits</SubmitButton>
    </form>
  );
}
