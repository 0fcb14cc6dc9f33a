import { TextField } from '@/components/text-field';
import type { FieldErrors } from '@/lib/actions/form-state';

/**
 * The "Token" of re-authentication inside a form that changes something sensitive (Show Codes,
 * removing a factor, adding one, platform settings). Shown when the page knows the session's last
 * second factor is not recent, or when the server said so (REAUTH_REQUIRED reports under `code`).
 * `id` keeps several such forms on one page apart.
 */
export function ReauthCodeField({ isNeeded, fieldErrors, id }: { isNeeded: boolean; fieldErrors: FieldErrors | undefined; id: string }) {
  if (!isNeeded && !fieldErrors?.code) return null;
  return (
    <TextField
      label="Token"
      name="code"
      id={id}
      autoComplete="one-time-code"
      maxLength={64}
      hint="To confirm it is you, enter a current code from your authenticator app, or a backup code."
      errors={fieldErrors?.code}
    />
  );
}
