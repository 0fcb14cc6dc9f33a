'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { createOrganisationAction } from './organisation-actions';

/** A name and a kind; on success the action takes the new administrator to its account's page. */
export function CreateOrganisationForm() {
  const [state, action] = useActionState<FormState<never>, FormData>(createOrganisationAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const values = state.status === 'error' ? state.values : undefined;
  const kind = values?.kind === 'BUSINESS' ? 'BUSINESS' : 'FAMILY';
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TextField
        label="Name"
        name="name"
        id="organisation-name"
        maxLength={100}
        autoComplete="off"
        hint="How members and invitations will name it, such as “The Smiths” or “Acme Ltd”."
        defaultValue={values?.name}
        errors={fieldErrors?.name}
      />
      <fieldset className="space-y-2" aria-describedby={fieldErrors?.kind ? 'organisation-kind-error' : undefined}>
        <legend className="text-sm font-medium text-slate-800">Kind</legend>
        <div className="flex items-center gap-2">
          <input id="organisation-kind-family" type="radio" name="kind" value="FAMILY" defaultChecked={kind === 'FAMILY'} className="h-4 w-4 accent-blue-700" />
          <label htmlFor="organisation-kind-family">Family: administrators and members</label>
        </div>
        <div className="flex items-center gap-2">
          <input id="organisation-kind-business" type="radio" name="kind" value="BUSINESS" defaultChecked={kind === 'BUSINESS'} className="h-4 w-4 accent-blue-700" />
          <label htmlFor="organisation-kind-business">Business: administrators, members and billing contacts who buy SMS credits</label>
        </div>
        {fieldErrors?.kind && (
          <p id="organisation-kind-error" className="text-sm text-red-700">
            {fieldErrors.kind.join(' ')}
          </p>
        )}
      </fieldset>
      <SubmitButton variant="secondary">Create account</SubmitButton>
    </form>
  );
}
