'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { POLICY_METHODS, type PolicyMethod } from '@/lib/core/factor-kinds/methods';
import { availableKey, methodName, METHOD_POLICY_KEYS, selfServiceKey, type PolicyKey, type TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformSettingsAction } from './actions';

type PolicyFormState = FormState<{ policy: TPolicy }>;

export function PolicyForm({ policy, needsCode }: { policy: TPolicy; needsCode: boolean }) {
  const [state, action] = useActionState<PolicyFormState, FormData>(updatePlatformSettingsAction, INITIAL_FORM_STATE);
  const shown = shownPolicy(state, policy);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <div className="space-y-2">
          <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
            Saved.
          </p>
          <PolicySummary policy={state.data.policy} />
        </div>
      )}
      {/* Remounted when the values shown change, so the browser's form reset after an action
          returns to what was saved (or, after an error, to what was typed). */}
      <div key={JSON.stringify(shown)} className="space-y-4">
        {POLICY_METHODS.map((method) => {
          const errors = [...(fieldErrors?.[availableKey(method)] ?? []), ...(fieldErrors?.[selfServiceKey(method)] ?? [])];
          return (
            <fieldset key={method} className="space-y-2 rounded-md border border-slate-200 p-4">
              <legend className="px-1 font-semibold">{methodName(method)}</legend>
              <Checkbox name={availableKey(method)} label="Available" defaultChecked={shown[availableKey(method)]} />
              <Checkbox
                name={selfServiceKey(method)}
                label="Users can set it up themselves"
                defaultChecked={shown[selfServiceKey(method)]}
              />
              {errors.length > 0 && <p className="text-sm text-red-700">{errors.join(' ')}</p>}
            </fieldset>
          );
        })}
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-4" aria-describedby="codes-alone-hint">
          <legend className="px-1 font-semibold">Text, call and e-mail codes may be</legend>
          <p id="codes-alone-hint" className="text-sm text-slate-600">
            These codes can be intercepted more easily than an authenticator app&apos;s (NIST SP 800-63B calls them restricted).
          </p>
          <Radio value="false" label="Only a backup to an authenticator app" defaultChecked={!shown.codesMayStandAlone} />
          <Radio value="true" label="The only second factor" defaultChecked={shown.codesMayStandAlone} />
          {fieldErrors?.codesMayStandAlone && <p className="text-sm text-red-700">{fieldErrors.codesMayStandAlone.join(' ')}</p>}
        </fieldset>
      </div>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="policy-code" />
      <SubmitButton>Save</SubmitButton>
    </form>
  );
}

/** After a save, what was saved; after an error, what the administrator had ticked; else the policy in force. */
function shownPolicy(state: PolicyFormState, policy: TPolicy): TPolicy {
  if (state.status === 'success') return state.data.policy;
  if (state.status !== 'error' || !state.values) return policy;
  const { values } = state;
  const shown = { ...policy };
  for (const key of METHOD_POLICY_KEYS) shown[key] = values[key] === 'on';
  shown.codesMayStandAlone = values.codesMayStandAlone === undefined ? policy.codesMayStandAlone : values.codesMayStandAlone === 'true';
  return shown;
}

function Checkbox({ name, label, defaultChecked }: { name: PolicyKey; label: string; defaultChecked: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <input id={`policy-${name}`} name={name} type="checkbox" defaultChecked={defaultChecked} className="h-4 w-4 accent-blue-700" />
      <label htmlFor={`policy-${name}`} className="text-sm">
        {label}
      </label>
    </div>
  );
}

function Radio({ value, label, defaultChecked }: { value: 'true' | 'false'; label: string; defaultChecked: boolean }) {
  const id = `policy-codesMayStandAlone-${value}`;
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        name="codesMayStandAlone"
        type="radio"
        value={value}
        defaultChecked={defaultChecked}
        className="h-4 w-4 accent-blue-700"
      />
      <label htmlFor={id} className="text-sm">
        {label}
      </label>
    </div>
  );
}

function PolicySummary({ policy }: { policy: TPolicy }) {
  return (
    <ul aria-label="Saved settings" className="list-disc space-y-1 pl-5 text-sm">
      {POLICY_METHODS.map((method) => (
        <li key={method}>
          {methodName(method)}: {describeMethod(policy, method)}
        </li>
      ))}
      <li>
        Text, call and e-mail codes: {policy.codesMayStandAlone ? 'may be the only second factor' : 'only a backup to an authenticator app'}
      </li>
    </ul>
  );
}

function describeMethod(policy: TPolicy, method: PolicyMethod): string {
  if (!policy[availableKey(method)]) return 'not available';
  return policy[selfServiceKey(method)] ? 'available, users can set it up themselves' : 'available, only an administrator sets it up';
}
