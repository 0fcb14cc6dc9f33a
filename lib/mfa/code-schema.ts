import { z } from 'zod';
import { normalizeBackupCode } from './backup-codes/backup-code-format';

/** A typed code, by how it is checked (the registry's CodeCheck). */
export type TSecondFactorCode =
  | { kind: 'totp'; value: string }
  | { kind: 'backup_code'; value: string }
  // A code sent by text, call or e-mail for this sign-in.
  | { kind: 'sent_code'; value: string };

const TOTP_ONLY_MESSAGE = 'Enter the 6-digit code from your authenticator app.';
const ANY_CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app, or one of your backup codes.';

// Bounded before anything else looks at it: a 100 kB paste is refused as input, never processed.
const ZBoundedCode = z
  .string()
  .max(64, 'That is too long to be a code.')
  .transform((value) => value.replace(/[\s-]/g, ''));

/** The "Token" field where only an authenticator code makes sense (the enrolment wizard). */
export const ZTotpCodeSchema = ZBoundedCode.pipe(
  // An empty field gets one message, not this one and the 6-digit one beneath it.
  z.string().min(1, { error: TOTP_ONLY_MESSAGE, abort: true }).regex(/^\d{6}$/, 'Authenticator codes are exactly 6 digits.'),
);

/** The "Token" field of the token prompt and of re-authentication: an app code or a backup code. */
export const ZSecondFactorCodeSchema = ZBoundedCode.transform((value, context): TSecondFactorCode => {
  if (/^\d{6}$/.test(value)) return { kind: 'totp', value };
  const backupCode = normalizeBackupCode(value);
  if (backupCode) return { kind: 'backup_code', value: backupCode };
  context.addIssue({
    code: 'custom',
    message: value === '' ? ANY_CODE_MESSAGE : /^\d+$/.test(value) ? 'Authenticator codes are exactly 6 digits.' : ANY_CODE_MESSAGE,
  });
  return z.NEVER;
});

/**
 * The token prompt's "Token" field. `method` says which code the prompt asked for: the app's, or
 * the one just sent by text, call or e-mail. A backup code is recognised by its shape either way.
 */
export const ZTokenPromptSchema = z
  .object({ code: ZSecondFactorCodeSchema, method: z.enum(['app', 'message']).default('app') })
  .transform(({ code, method }): TSecondFactorCode => (method === 'message' && code.kind === 'totp' ? { kind: 'sent_code', value: code.value } : code));

/** The "Token" field that confirms a new phone or address: the 6-digit code just sent to it. */
export const ZSentCodeSchema = ZBoundedCode.pipe(
  z
    .string()
    .min(1, { error: 'Enter the 6-digit code we sent you.', abort: true })
    .regex(/^\d{6}$/, 'The code we sent has exactly 6 digits.'),
);

/**
 * The "Token" of re-authentication inside another form. It is shown only when the session's last
 * second factor is older than the re-authentication window, so empty means "not asked".
 */
export const ZReauthCodeSchema = z.preprocess((value) => (value === '' ? undefined : value), ZSecondFactorCodeSchema.optional());
