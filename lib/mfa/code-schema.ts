import { z } from 'zod';
import { SECOND_FACTOR_KINDS, secondFactorKind, type SecondFactorMethod, type SecondFactorResponse } from '@/lib/core/factor-kinds';

/**
 * A typed response: which kind answers and its answer (each kind's own schema reads it). Derived
 * from the registry, so a kind whose response is not a code string (a WebAuthn assertion) fits.
 */
export type TSecondFactorCode = SecondFactorResponse;

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

/**
 * Reads a typed code as the kind the field asked for, or as a kind accepted in any code field (a
 * backup code), each by its own schema; the kinds' shapes do not overlap.
 */
function readTypedCode(value: string, asked: SecondFactorMethod, context: z.RefinementCtx<unknown>, path: string[] = []): TSecondFactorCode {
  const candidates = [secondFactorKind(asked), ...SECOND_FACTOR_KINDS.filter((kind) => kind.isAcceptedInAnyCodeField && kind.method !== asked)];
  for (const kind of candidates) {
    const parsed = kind.responseSchema.safeParse(value);
    if (parsed.success) return { method: kind.method, response: parsed.data } as TSecondFactorCode;
  }
  context.addIssue({
    code: 'custom',
    path,
    message: value === '' ? ANY_CODE_MESSAGE : /^\d+$/.test(value) ? 'Authenticator codes are exactly 6 digits.' : ANY_CODE_MESSAGE,
  });
  return z.NEVER;
}

/** The "Token" field of re-authentication: an app code or a backup code. */
export const ZSecondFactorCodeSchema = ZBoundedCode.transform((value, context) => readTypedCode(value, 'totp', context));

const SECOND_FACTOR_METHODS = SECOND_FACTOR_KINDS.map((kind) => kind.method) as [SecondFactorMethod, ...SecondFactorMethod[]];

/**
 * The token prompt's form, `{ method, code }` read into `{ method, response }`: `method` is the
 * kind the prompt asked for (the app's code, or the code just sent by text, call or e-mail); a
 * backup code is recognised by its shape either way.
 */
export const ZTokenPromptSchema = z
  .object({ code: ZBoundedCode, method: z.enum(SECOND_FACTOR_METHODS).default('totp') })
  .transform(({ code, method }, context) => readTypedCode(code, method, context, ['code']));

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
