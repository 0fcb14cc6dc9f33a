'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { updateBrandSendersAction } from './actions';

/**
 * The brand's own senders: the address its e-mails come from and its SMS sender. A form of its own,
 * so a refused address (not at one of the brand's domains) is shown beside it and changes nothing else.
 */
export function BrandSendersForm({
  slug,
  emailFrom,
  smsSender,
  emailFromHeader,
  needsCode,
}: {
  slug: string;
  emailFrom: string | null;
  smsSender: string | null;
  emailFromHeader: string;
  needsCode: boolean;
}) {
  const [state, action] = useActionState<FormState<{ saved: boolean }>, FormData>(updateBrandSendersAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const typed = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" key={`${emailFrom ?? ''}|${smsSender ?? ''}`} noValidate>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Saved.
        </p>
      )}
      <p className="text-sm text-slate-600">
        The brand&apos;s e-mails now come from <strong className="font-medium text-slate-900">{emailFromHeader}</strong>.
      </p>
      <input type="hidden" name="slug" value={slug} />
      <TextField
        label="E-mail sender address"
        name="emailFrom"
        type="email"
        id="senders-email-from"
        defaultValue={typed?.emailFrom ?? emailFrom ?? ''}
        maxLength={254}
        autoComplete="off"
        hint="An address at one of the brand's mail domains. The sender's name is always the brand's name. Empty: the platform's address."
        errors={fieldErrors?.emailFrom}
      />
      <TextField
        label="SMS sender"
        name="smsSender"
        id="senders-sms-sender"
        defaultValue={typed?.smsSender ?? smsSender ?? ''}
        maxLength={16}
        autoComplete="off"
        hint="A sender ID of up to 11 letters, digits and spaces (with a letter), or a number such as +447700900123. Texts to countries that refuse sender IDs (the United States, Canada and others) come from the platform's number. Empty: the platform's sender."
        errors={fieldErrors?.smsSender}
      />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="senders-code" />
      <SubmitButton>Save senders</SubmitButton>
    </form>
  );
}
