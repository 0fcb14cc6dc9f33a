'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { ACCOUNT_SWITCHES } from '@/lib/policy/account-switches';
import type { TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformDefaultsAction } from './actions';

/** The account settings every brand inherits unless it sets its own. */
export function DefaultsForm({ policy, needsCode }: { policy: TPolicy; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<{ policy: TPolicy }>, FormData>(updatePlatformDefaultsAction, INITIAL_FORM_STATE);
  const shown = state.status === 'success' ? state.data.policy : policy;
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" key={JSON.stringify(shown)}>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Defaults updated.
        </p>
      )}
      {ACCOUNT_SWITCHES.map(({ key, label, hint }) => (
        <div key={key} className="space-y-1">
          <div className="flex items-center gap-2">
            <input id={`default-${key}`} name={key} type="checkbox" defaultChecked={shown[key] === true} className="h-4 w-4 accent-blue-700" />
            <label htmlFor={`default-${key}`} className="text-sm font-medium">
              {label}
            </label>
          </div>
          {hint && <p className="text-xs text-slate-600">{hint}</p>}
        </div>
      ))}
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="default-enrolmentDays" className="block text-sm font-medium">
            Enrolment period (days)
          </label>
          <input
            id="default-enrolmentDays"
            name="enrolmentDays"
            type="number"
            min={0}
            max={365}
            defaultValue={shown.enrolmentDays}
            className="w-28 rounded-md border border-slate-300 px-2 py-1"
          />
          {fieldErrors?.enrolmentDays && <p className="text-sm text-red-700">{fieldErrors.enrolmentDays.join(' ')}</p>}
        </div>
        <div className="space-y-1">
          <label htmlFor="default-enforceFrom" className="block text-sm font-medium">
            Required from (optional)
          </label>
          <input id="default-enforceFrom" name="enforceFrom" type="date" defaultValue={shown.enforceFrom ?? ''} className="rounded-md border border-slate-300 px-2 py-1" />
          {fieldErrors?.enforceFrom && <p className="text-sm text-red-700">{fieldErrors.enforceFrom.join(' ')}</p>}
        </div>
      </div>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="defaults-code" />
      <SubmitButton>Update defaults</SubmitButton>
    </form>
  );
}
