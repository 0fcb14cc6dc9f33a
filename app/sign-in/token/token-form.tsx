'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { PROMPT_CLASS_NAMES } from '@/lib/brands/prompt-class-names';
import { sendSignInCodeAction, verifyTokenAction } from './actions';
import type { SecondFactorMethod } from '@/lib/core/factor-kinds';
import type { Channel } from '@/lib/db/generated/enums';

/**
 * The Token field. `method` names the kind the prompt asks for (the app's code, or the kind whose
 * code was just sent); without JavaScript the form posts it as a hidden field with the code.
 */
export function TokenForm({ method, hint }: { method: SecondFactorMethod; hint: string }) {
  const [state, action] = useActionState<FormState<never>, FormData>(verifyTokenAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="method" value={method} />
      <TextField
        label="Token"
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint={hint}
        errors={fieldErrors?.code}
        className={PROMPT_CLASS_NAMES.field}
      />
      <SubmitButton className={PROMPT_CLASS_NAMES.button}>Verify</SubmitButton>
    </form>
  );
}

/** One "Text me a code" / "Call me" / "E-mail me a code" button, with its own outcome message. */
export function SendCodeButton({
  channel,
  phoneId,
  label,
  description,
}: {
  channel: Channel;
  phoneId?: string;
  label: string;
  description: string;
}) {
  const [state, action] = useActionState<FormState<never>, FormData>(sendSignInCodeAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="channel" value={channel} />
      {phoneId && <input type="hidden" name="phoneId" value={phoneId} />}
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary">{label}</SubmitButton>
        <span className="text-sm text-slate-700">{description}</span>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
