'use client';

import { useActionState } from 'react';
import { ChallengeDefaultField } from '@/components/challenge-default-field';
import { EnrolmentPeriodFields } from '@/components/enrolment-period-fields';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { ACCOUNT_SWITCHES } from '@/lib/policy/account-switches';
import { brandsMayLoosenField } from '@/lib/policy/brands-may-loosen-field';
import type { FloorKey, TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformDefaultsAction } from './actions';

/** The account settings every brand inherits unless it sets its own. */
export function DefaultsForm({ policy, brandsMayLoosen, needsCode }: { policy: TPolicy; brandsMayLoosen: FloorKey[]; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<{ policy: TPolicy; brandsMayLoosen: FloorKey[] }>, FormData>(updatePlatformDefaultsAction, INITIAL_FORM_STATE);
  const shown = state.status === 'success' ? state.data.policy : policy;
  const shownLoosen: FloorKey[] = state.status === 'success' ? state.data.brandsMayLoosen : brandsMayLoosen;
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" key={JSON.stringify([shown, shownLoosen])}>
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
          {/* Every switch is a floor for brands unless ticked here: a brand may be stricter, never looser. */}
          <div className="flex items-center gap-2 pl-6">
            <input
              id={`default-${key}-loosen`}
              name={brandsMayLoosenField(key)}
              type="checkbox"
              defaultChecked={shownLoosen.includes(key)}
              className="h-3 w-3 accent-blue-700"
            />
            <label htmlFor={`default-${key}-loosen`} className="text-xs">
              Brands may loosen this<span className="sr-only">: {label}</span>
            </label>
          </div>
        </div>
      ))}
      <EnrolmentPeriodFields idPrefix="default" enrolmentDays={shown.enrolmentDays} enforceFrom={shown.enforceFrom} fieldErrors={fieldErrors} />
      <ChallengeDefaultField idPrefix="default" value={shown.defaultChallengePolicy} fieldErrors={fieldErrors} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="defaults-code" />
      <SubmitButton>Update defaults</SubmitButton>
    </form>
  );
}
