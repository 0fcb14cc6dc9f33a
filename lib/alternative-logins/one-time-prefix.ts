import { z } from 'zod';
import { APP_ERRORS, AppError } from '@/lib/errors/app-error';

// Long enough that a stolen sheet plus a few guesses at the password step opens nothing; short
// enough to type before every one-time password.
export const MIN_ONE_TIME_PREFIX_LENGTH = 4;
export const MAX_ONE_TIME_PREFIX_LENGTH = 64;

/**
 * The form's "Memorised prefix": an empty field means no prefix (null); anything else is trimmed
 * (the sign-in trims what sits before the sheet's password, so edge spaces could never match) and
 * must be 4 to 64 characters.
 */
export const ZOneTimePrefixSchema = z
  .string()
  .max(1024, APP_ERRORS.ONE_TIME_PREFIX_TOO_LONG.message)
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()))
  .refine((value) => value === null || value.length >= MIN_ONE_TIME_PREFIX_LENGTH, APP_ERRORS.ONE_TIME_PREFIX_TOO_SHORT.message)
  .refine((value) => value === null || value.length <= MAX_ONE_TIME_PREFIX_LENGTH, APP_ERRORS.ONE_TIME_PREFIX_TOO_LONG.message);

/**
 * The same rule for a verb's caller that did not parse (the command line, tests). Null is "no
 * prefix"; a string given is one, so an empty or blank one is refused rather than read as none.
 */
export function checkOneTimePrefix(prefix: string | null): string | null {
  if (prefix === null) return null;
  const trimmed = prefix.trim();
  if (trimmed.length < MIN_ONE_TIME_PREFIX_LENGTH) throw new AppError('ONE_TIME_PREFIX_TOO_SHORT');
  if (trimmed.length > MAX_ONE_TIME_PREFIX_LENGTH) throw new AppError('ONE_TIME_PREFIX_TOO_LONG');
  return trimmed;
}
