'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import type { FormState } from '@/lib/actions/form-state';

/** The second step of adding a phone or an address: the code that was just sent, in "Token". */
export function ConfirmCodeStep({
  sent,
  state,
  action,
  restart,
}: {
  sent: ReactNode | null;
  state: FormState<never>;
  action: (formData: FormData) => void;
  restart: { href: string; label: string };
}) {
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      {sent && (
        <p role="status" className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm">
          {sent} It expires in 10 minutes.
        </p>
      )}
      <form action={action} className="max-w-xs space-y-4" noValidate>
        <FormMessage state={state} />
        <TextField label="Token" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={64} autoFocus errors={fieldErrors?.code} />
        <SubmitButton>Verify</SubmitButton>
      </form>
      <Link href={restart.href} className="block text-sm text-blue-700 underline">
        {restart.label}
      </Link>
    </div>
  );
}
