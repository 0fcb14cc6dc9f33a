'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { buyOwnCreditsAction } from './actions';

/** The packs the mailbox's brand offers; in development without Stripe, a labelled test purchase. */
export function BuyOwnCreditsForm({ packs, isTest }: { packs: Array<{ id: string; credits: number; price: string }>; isTest: boolean }) {
  const [state, action] = useActionState<FormState<{ credits: number; balance: number }>, FormData>(buyOwnCreditsAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Test purchase done: {state.data.credits} credits added. Your balance is now {state.data.balance}.
        </p>
      )}
      <fieldset className="space-y-2">
        <legend className="font-medium">Pack</legend>
        {packs.map((pack, index) => (
          <div key={pack.id} className="flex items-center gap-2">
            <input id={`own-pack-${pack.id}`} type="radio" name="pack" value={pack.id} defaultChecked={index === 0} className="h-4 w-4 accent-blue-700" />
            <label htmlFor={`own-pack-${pack.id}`}>
              {pack.credits.toLocaleString('en')} SMS credits, {isTest ? <s>{pack.price}</s> : pack.price}
            </label>
          </div>
        ))}
        {fieldErrors?.pack && <p className="text-sm text-red-700">{fieldErrors.pack.join(' ')}</p>}
      </fieldset>
      <SubmitButton>{isTest ? 'Test purchase (no payment)' : 'Continue to payment'}</SubmitButton>
    </form>
  );
}
