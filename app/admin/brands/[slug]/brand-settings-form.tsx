'use client';

import { useActionState } from 'react';
import { ChallengeDefaultField } from '@/components/challenge-default-field';
import { EnrolmentPeriodFields } from '@/components/enrolment-period-fields';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import type { EffectivePolicy, PolicyKey, TPolicy } from '@/lib/policy/policy-settings';
import { updateBrandSettingsAction } from './actions';
import { BRAND_SWITCHES, followPlatformField, METHOD_SWITCHES } from '@/lib/brands/brand-settings-fields';

const onOff = (value: unknown) =>
  value === true ? 'on' : value === false ? 'off' : typeof value === 'string' && value in CHALLENGE_POLICY_LABELS ? CHALLENGE_POLICY_LABELS[value as ChallengePolicy].toLowerCase() : String(value ?? 'none');

export function BrandSettingsForm({
  slug,
  effective,
  platform,
  held,
  needsCode,
}: {
  slug: string;
  effective: EffectivePolicy;
  platform: TPolicy;
  /** The security switches the platform holds: shown, not changeable here. */
  held: PolicyKey[];
  needsCode: boolean;
}) {
  const [state, action] = useActionState<FormState<{ saved: boolean }>, FormData>(updateBrandSettingsAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const { settings, sources } = effective;

  /** Where the value in force comes from, and the way back to the platform's default when overridden. */
  const origin = (key: PolicyKey) =>
    sources[key] === 'brand' ? (
      <span className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        Set by this brand (platform default: {onOff(platform[key])}).
        <label className="flex items-center gap-1">
          <input type="checkbox" name={followPlatformField(key)} className="h-3 w-3" /> Use the platform default
        </label>
      </span>
    ) : (
      <span className="text-xs text-slate-600">Platform default.</span>
    );

  const isHeld = (key: PolicyKey) => held.includes(key);
  const isRequirementHeld = isHeld('requireTwoFactor');
  const heldNote = (
    <span className="text-xs font-medium text-slate-700">Held by the platform: a brand may be stricter here, not looser.</span>
  );
  const periodNote = (key: 'enrolmentDays' | 'enforceFrom') => (
    <>
      {origin(key)}
      {isRequirementHeld && (
        <span className="block text-xs font-medium text-slate-700">
          Held by the platform: while it requires 2FA, the period can only be shorter and the start only earlier than the platform&apos;s.
        </span>
      )}
    </>
  );

  return (
    <form action={action} className="space-y-4" key={JSON.stringify(effective)}>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Updated.
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
        <legend className="px-1 font-semibold">Two-factor authentication</legend>
        {BRAND_SWITCHES.map(({ key, label, hint }) => (
          <div key={key} className="space-y-1">
            <div className="flex items-center gap-2">
              <input
                id={`brand-${key}`}
                name={key}
                type="checkbox"
                defaultChecked={settings[key] === true}
                disabled={isHeld(key)}
                aria-describedby={`brand-${key}-note`}
                className="h-4 w-4 accent-blue-700"
              />
              <label htmlFor={`brand-${key}`} className="text-sm font-medium">
                {label}
              </label>
            </div>
            {hint && <p className="text-xs text-slate-600">{hint}</p>}
            <div id={`brand-${key}-note`}>{isHeld(key) ? heldNote : origin(key)}</div>
            {fieldErrors?.[key] && <p className="text-sm text-red-700">{fieldErrors[key].join(' ')}</p>}
          </div>
        ))}
        <EnrolmentPeriodFields
          idPrefix="brand"
          enrolmentDays={settings.enrolmentDays}
          enforceFrom={settings.enforceFrom}
          fieldErrors={fieldErrors}
          note={periodNote}
        />
        <ChallengeDefaultField idPrefix="brand" value={settings.defaultChallengePolicy} fieldErrors={fieldErrors} note={origin('defaultChallengePolicy')} />
      </fieldset>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
        <legend className="px-1 font-semibold">Second-factor methods</legend>
        {METHOD_SWITCHES.map(({ key, label }) => {
          // The platform's "off" is a ceiling: shown, not changeable here.
          const isCapped = platform[key] === false;
          return (
            <div key={key} className="space-y-1">
              <div className="flex items-center gap-2">
                <input
                  id={`brand-${key}`}
                  name={key}
                  type="checkbox"
                  defaultChecked={settings[key] === true}
                  disabled={isCapped}
                  className="h-4 w-4 accent-blue-700"
                />
                <label htmlFor={`brand-${key}`} className="text-sm font-medium">
                  {label}
                </label>
              </div>
              {isCapped ? <span className="text-xs text-slate-600">Not offered by the platform.</span> : origin(key)}
            </div>
          );
        })}
      </fieldset>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="brand-code" />
      <SubmitButton>Update</SubmitButton>
    </form>
  );
}
