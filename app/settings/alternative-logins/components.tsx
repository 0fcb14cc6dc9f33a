'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { NewPasswordField } from '@/components/new-password-field';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { formatDateTime } from '@/lib/core/format';
import { createSmsPasswordAction, deleteAlternativeLoginAction, generateOneTimeListAction } from './actions';
import { PrintButton } from './print-button';

type GeneratedList = { passwords: string[]; hasPrefix: boolean; createdAt: string };

/** "Restricted", ticked by default: what a login used on someone else's computer should be. */
function RestrictedCheckbox({ id }: { id: string }) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" name="isRestricted" defaultChecked className="mt-1 h-4 w-4 accent-blue-700" aria-describedby={`${id}-hint`} />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          Restricted
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          A session opened with it can look at your settings but cannot delete or weaken anything. Leave this ticked unless you
          need to change settings from that computer.
        </p>
      </div>
    </div>
  );
}

/** "Create SMS password" (or replace the one there is). */
export function CreateSmsPasswordForm({ isReplacing, needsCode, userInputs }: { isReplacing: boolean; needsCode: boolean; userInputs: readonly string[] }) {
  const [state, action] = useActionState<FormState<never>, FormData>(createSmsPasswordAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <NewPasswordField
        label="SMS password"
        name="password"
        id="sms-password"
        userInputs={userInputs}
        hint="At least 8 characters, hard to guess, and not your account password."
        errors={fieldErrors?.password}
      />
      <RestrictedCheckbox id="sms-password-restricted" />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="sms-password-code" />
      {isReplacing && <p className="text-sm text-slate-700">This replaces your SMS password and ends the sessions it opened.</p>}
      <SubmitButton>{isReplacing ? 'Replace SMS password' : 'Create SMS password'}</SubmitButton>
    </form>
  );
}

/** "Generate list": then the sheet, shown this once. */
export function GenerateOneTimeListForm({ email, isReplacing, needsCode, needsPrefix }: { email: string; isReplacing: boolean; needsCode: boolean; needsPrefix: boolean }) {
  const [state, action] = useActionState<FormState<GeneratedList>, FormData>(generateOneTimeListAction, INITIAL_FORM_STATE);
  if (state.status === 'success') return <OneTimeListSheet list={state.data} email={email} />;
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <TextField
        label={needsPrefix ? 'Memorised prefix' : 'Memorised prefix (optional)'}
        name="prefix"
        id="one-time-prefix"
        type="password"
        autoComplete="off"
        maxLength={64}
        hint="4 to 64 characters you remember and never write down. You type it before each password on the sheet, so the sheet alone opens nothing."
        errors={fieldErrors?.prefix}
      />
      <RestrictedCheckbox id="one-time-restricted" />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="one-time-code" />
      {isReplacing && <p className="text-sm text-slate-700">A new list replaces your current one: its passwords stop working and the sessions it opened end.</p>}
      <SubmitButton>{isReplacing ? 'Generate a new list' : 'Generate list'}</SubmitButton>
    </form>
  );
}

function OneTimeListSheet({ list, email }: { list: GeneratedList; email: string }) {
  return (
    <section aria-labelledby="one-time-sheet-heading" className="print-sheet space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h3 id="one-time-sheet-heading" className="font-semibold">
        One-time passwords for {email}
      </h3>
      <p className="text-sm">Created {formatDateTime(new Date(list.createdAt))} UTC. Each works once: cross it off when used.</p>
      <p className="text-sm">
        {list.hasPrefix
          ? 'At the sign-in, type your e-mail address, then in the password field your memorised prefix followed by the next unused password (the space is optional).'
          : 'At the sign-in, type your e-mail address, then the next unused password in the password field (the space is optional). Anyone holding this sheet can sign in with it: keep it safe.'}
      </p>
      <p className="no-print text-sm font-semibold">Print it now: this is the only time it is shown.</p>
      <ol aria-label="One-time passwords" className="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-base sm:grid-cols-3">
        {list.passwords.map((password, index) => (
          <li key={password} className="flex gap-2">
            <span className="w-6 text-right text-slate-500">{index + 1}.</span>
            <span>{password}</span>
          </li>
        ))}
      </ol>
      <div className="no-print flex gap-3">
        <PrintButton />
        <a href="/settings/alternative-logins" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
          Done
        </a>
      </div>
    </section>
  );
}

/** "Delete" for one alternative login. */
export function DeleteAlternativeLoginForm({ alternativeLoginId, name, needsCode }: { alternativeLoginId: string; name: string; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<never>, FormData>(deleteAlternativeLoginAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2" aria-label={`Delete ${name}`}>
      <FormMessage state={state} />
      <input type="hidden" name="alternativeLoginId" value={alternativeLoginId} />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`delete-${alternativeLoginId}-code`} />
      <SubmitButton variant="secondary">Delete</SubmitButton>
    </form>
  );
}
