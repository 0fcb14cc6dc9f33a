'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { updateBrandCreditsAction } from './actions';

/**
 * "Who pays for texts" and the brand's own SMS credit packs: one small form of its own, so a
 * refusal (mailboxes cannot pay while codes may stand alone; a price under the platform's minimum)
 * is shown beside it and changes nothing else on the page.
 */
export function BrandCreditsForm({
  slug,
  textsPaidBy,
  packLines,
  platformPacks,
  minimumCentsPerCredit,
  needsCode,
}: {
  slug: string;
  textsPaidBy: 'PLATFORM' | 'MAILBOX';
  packLines: string;
  platformPacks: string;
  minimumCentsPerCredit: number;
  needsCode: boolean;
}) {
  const [state, action] = useActionState<FormState<{ saved: boolean }>, FormData>(updateBrandCreditsAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const typed = state.status === 'error' ? state.values : undefined;
  const payer = typed?.textsPaidBy ?? textsPaidBy;
  return (
    <form action={action} className="space-y-4" key={`${textsPaidBy}|${packLines}`}>
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Saved.
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="space-y-2 rounded-md border border-slate-200 p-4" aria-describedby="credits-payer-hint">
        <legend className="px-1 font-semibold">Who pays for texts</legend>
        <p id="credits-payer-hint" className="text-sm text-slate-600">
          For mailboxes in no family or business account (their members always spend the account&apos;s credits). Mailboxes pay from
          SMS credits they buy on their security page; they can pay only while codes may not be the only second factor, so an empty
          pool never locks anyone out.
        </p>
        {(['PLATFORM', 'MAILBOX'] as const).map((value) => (
          <div key={value} className="flex items-center gap-2">
            <input
              type="radio"
              id={`credits-payer-${value}`}
              name="textsPaidBy"
              value={value}
              defaultChecked={payer === value}
              className="h-4 w-4 accent-blue-700"
            />
            <label htmlFor={`credits-payer-${value}`} className="text-sm font-medium">
              {value === 'PLATFORM' ? 'The platform' : 'The mailbox, from its own SMS credits'}
            </label>
          </div>
        ))}
        {fieldErrors?.textsPaidBy && <p className="text-sm text-red-700">{fieldErrors.textsPaidBy.join(' ')}</p>}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="credits-packs" className="block text-sm font-medium text-slate-800">
          The brand&apos;s own SMS credit packs
        </label>
        <p id="credits-packs-hint" className="text-sm text-slate-600">
          One pack a line, as credits = price, such as 100 = 5.00; at least {minimumCentsPerCredit} cents a credit. Empty: the
          platform&apos;s packs are sold ({platformPacks}).
        </p>
        <textarea
          id="credits-packs"
          name="packs"
          rows={4}
          defaultValue={typed?.packs ?? packLines}
          maxLength={500}
          aria-invalid={fieldErrors?.packs?.length ? true : undefined}
          aria-describedby={['credits-packs-hint', fieldErrors?.packs?.length ? 'credits-packs-error' : null].filter(Boolean).join(' ')}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        {fieldErrors?.packs && (
          <p id="credits-packs-error" className="text-sm text-red-700">
            {fieldErrors.packs.join(' ')}
          </p>
        )}
      </div>
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="credits-code" />
      <SubmitButton>Save SMS credits</SubmitButton>
    </form>
  );
}
