import { TextField } from '@/components/text-field';
import type { FieldErrors } from '@/lib/actions/form-state';

/**
 * "Current code" for re-authentication inside a form that has its own "Token" (adding a phone or
 * an address). Shown when the page knows it is due, or when the server said so (REAUTH_REQUIRED
 * reports under `code`).
 */
export function ConfirmationField({ isNeeded, fieldErrors }: { isNeeded: boolean; fieldErrors: FieldErrors | undefined }) {
  if (!isNeeded && !fieldErrors?.confirmation && !fieldErrors?.code) return null;
  return (
    <TextField
      label="Current code"
      name="confirmation"
      autoComplete="one-time-code"
      maxLength={64}
      hint="To confirm it is you, enter a code from your authenticator app or a backup code."
      errors={fieldErrors?.confirmation ?? fieldErrors?.code}
    />
  );
}
