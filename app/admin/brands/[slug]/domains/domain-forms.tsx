'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { changeBrandDomainsAction, type DomainsFormResult } from './actions';

type Intent = 'add-domain' | 'remove-domain' | 'add-host' | 'remove-host' | 'cancel-request';

/**
 * One of the Domains screen's forms: adding a domain or host name (a text field), or removing one
 * or cancelling a request (a button on its row). Each is its own form, so a refusal shows beside
 * what it refused and changes nothing else; every one works without JavaScript.
 */
export function DomainChangeForm({
  slug,
  intent,
  value,
  label,
  needsCode,
  idPrefix,
}: {
  slug: string;
  intent: Intent;
  /** The row's domain, host name or request id; absent for the add forms, which ask for it. */
  value?: string;
  /** The button's words; for a row, they name what it acts on ("Remove acme.example"). */
  label: string;
  needsCode: boolean;
  /** Keeps several forms' field ids apart on one page. */
  idPrefix: string;
}) {
  const [state, action] = useActionState<FormState<DomainsFormResult>, FormData>(changeBrandDomainsAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const field = intent === 'add-host' || intent === 'remove-host' ? 'host' : intent === 'cancel-request' ? 'requestId' : 'domain';
  const isAdd = intent === 'add-domain' || intent === 'add-host';
  return (
    <form action={action} className={isAdd ? 'space-y-3' : 'space-y-2'}>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {state.data.message}
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="intent" value={intent} />
      {isAdd ? (
        <TextField
          label={intent === 'add-domain' ? 'Mail domain' : 'Host name'}
          name={field}
          id={`${idPrefix}-${field}`}
          maxLength={253}
          autoComplete="off"
          defaultValue={state.status === 'error' ? state.values?.[field] : undefined}
          hint={intent === 'add-domain' ? 'Such as mail.example.com: the part of the addresses after the @.' : 'Such as account.example.com: where the brand’s users reach this sign-in page.'}
          errors={fieldErrors?.[field]}
        />
      ) : (
        <input type="hidden" name={field} value={value} />
      )}
      {intent !== 'cancel-request' && <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id={`${idPrefix}-code`} />}
      <SubmitButton variant={isAdd ? 'primary' : 'secondary'}>{label}</SubmitButton>
    </form>
  );
}
