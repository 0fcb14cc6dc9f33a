'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';

type Purchase = FormState<{ credits: number; balance: number }>;

/**
 * "Buy SMS Credits" for a pool, an organisation's (`organisationId`) or the mailbox's own: the packs
 * its brand offers, and in development without Stripe a labelled test purchase. The verb decides the
 * pack and its price; the form only names one.
 */
export function BuyCreditsForm({
  action: buy,
  organisationId,
  packs,
  isTest,
  needsCode = false,
}: {
  action: (state: Purchase, formData: FormData) => Promise<Purchase>;
  organisationId?: string;
  packs: Array<{ id: string; credits: number; price: string }>;
  isTest: boolean;
  /** Buying for an organisation asks for a current code when the last one is not recent. */
  needsCode?: boolean;
}) {
  const [state, action] = useActionState<Purchase, FormData>(buy, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Test purchase done: {state.data.credits} credits added. The balance is now {state.data.balance}.
        </p>
      )}
      {organisationId && <input type="hidden" name="organisationId" value={organisationId} />}
      <fieldset className="space-y-2">
        <legend className="font-medium">Pack</legend>
        {packs.map((pack, index) => (
          <div key={pack.id} className="flex items-center gap-2">
            <input id={`pack-${pack.id}`} type="radio" name="pack" value={pack.id} defaultChecked={index === 0} className="h-4 w-4 accent-blue-700" />
            <label htmlFor={`pack-${pack.id}`}>
              {pack.credits.toLocaleString('en')} SMS credits, {isTest ? <s>{pack.price}</s> : pack.price}
            </label>
          </div>
        ))}
        {fieldErrors?.pack && <p className="text-sm text-red-700">{fieldErrors.pack.join(' ')}</p>}
      </fieldset>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="buy-code" />
      <SubmitButton>{isTest ? 'Test purchase (no payment)' : 'Continue to payment'}</SubmitButton>
    </form>
  );
}
