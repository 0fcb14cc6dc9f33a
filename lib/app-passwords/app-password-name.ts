import { z } from 'zod';
import { APP_ERRORS, AppError } from '@/lib/errors/app-error';

export const MAX_APP_PASSWORD_NAME_LENGTH = 64;

/** The device's name, as the form and the command line take it: trimmed, 1 to 64 characters. */
export const ZAppPasswordNameSchema = z
  .string()
  .trim()
  .min(1, APP_ERRORS.APP_PASSWORD_NAME_EMPTY.message)
  .max(MAX_APP_PASSWORD_NAME_LENGTH, APP_ERRORS.APP_PASSWORD_NAME_TOO_LONG.message);

/** The same rule for a verb's caller that did not parse (the command line, tests). */
export function checkAppPasswordName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new AppError('APP_PASSWORD_NAME_EMPTY');
  if (trimmed.length > MAX_APP_PASSWORD_NAME_LENGTH) throw new AppError('APP_PASSWORD_NAME_TOO_LONG');
  return trimmed;
}
