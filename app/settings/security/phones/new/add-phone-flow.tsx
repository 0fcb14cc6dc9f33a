'use client';

import { useActionState } from 'react';
import { ConfirmCodeStep } from '@/components/confirm-code-step';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { CountrySelect } from '@/components/country-select';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import type { Country } from '@/lib/phones/countries';
import { confirmPhoneAction, startPhoneVerificationAction } from './actions';
import type { Channel } from '@/lib/db/generated/enums';

type Sent = { channel: Channel; maskedNumber: string };

export function AddPhoneFlow({
  countries,
  likely,
  needsConfirmation,
  methods,
}: {
  countries: Country[];
  likely: Country | null;
  needsConfirmation: boolean;
  methods: { canText: boolean; canCall: boolean };
}) {
  const [startState, startAction] = useActionState<FormState<Sent>, FormData>(startPhoneVerificationAction, INITIAL_FORM_STATE);
  const [confirmState, confirmAction] = useActionState<FormState<never>, FormData>(confirmPhoneAction, INITIAL_FORM_STATE);

  // Step 2 once a code went out; also after a wrong code, when (without JavaScript) the page
  // comes back with only the confirmation's state.
  if (startState.status === 'success' || confirmState.status === 'error') {
    const sent = startState.status === 'success' ? startState.data : null;
    return (
      <ConfirmCodeStep
        sent={
          sent &&
          (sent.channel === 'VOICE'
            ? `We are calling ${sent.maskedNumber} now: answer, press a key, and listen for the code.`
            : `We sent a text message to ${sent.maskedNumber} with a 6-digit code.`)
        }
        state={confirmState}
        action={confirmAction}
        restart={{ href: '/settings/security/phones/new', label: 'Use a different number, or send a new code' }}
      />
    );
  }

  const fieldErrors = startState.status === 'error' ? startState.fieldErrors : undefined;
  const values = startState.status === 'error' ? startState.values : undefined;
  return (
    <form action={startAction} className="max-w-md space-y-5" noValidate>
      <FormMessage state={startState} />
      <CountrySelect countries={countries} likely={likely} defaultValue={values?.country} />
      <TextField
        label="Phone number"
        name="number"
        type="tel"
        autoComplete="tel-national"
        defaultValue={values?.number}
        hint="As you would dial it in that country, or starting with + and the country code."
        errors={fieldErrors?.number}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">How should we send the code?</legend>
        {methods.canText && (
          <label className="flex items-center gap-2">
            <input type="radio" name="channel" value="SMS" defaultChecked={values?.channel !== 'VOICE'} /> Text message
          </label>
        )}
        {methods.canCall && (
          <label className="flex items-center gap-2">
            <input type="radio" name="channel" value="VOICE" defaultChecked={!methods.canText || values?.channel === 'VOICE'} /> Phone call
          </label>
        )}
        {fieldErrors?.channel && <p className="text-sm text-red-700">{fieldErrors.channel.join(' ')}</p>}
      </fieldset>
      <ReauthCodeField isNeeded={needsConfirmation} fieldErrors={fieldErrors} id="add-phone-code" />
      <SubmitButton>Send code</SubmitButton>
    </form>
  );
}
