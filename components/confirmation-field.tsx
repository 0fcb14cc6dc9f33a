import { TextField } from '@/components/text-field';
import type { FieldErrors } from '@/lib/actions/form-state';

/**
 * "Current code" for re-authentication in the first step of adding a phone or an address (the
 * second step's "Token" is the code just sent). Shown when the page knows it is due, or when the
 * server said so.
 */
export function ConfirmationField({ isNeeded, fieldErrors }: { isNeeded: boolean; fieldErrors: FieldErrors | undefined }) {
  if (!isNeeded && !fieldErrors?.code) return null;
  return (
    <TextField
      label="Current code"
      name="code"
      id="field-confirmation-code"
      autoComplete="one-time-code"
      maxLength={64}
      hint="To confirm it is you, enter a code from your authenticator app or a backup code."
      errors={fieldErrors?.code}
    />
  );
}
