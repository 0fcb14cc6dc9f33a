import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-strength';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

// A new password's shape as a form field: the length bounds only, so a form can report them with
// its other fields at once. It is NOT the rule: whatever sets a password also calls
// checkNewPassword (./check-new-password.ts), which judges it with the strength estimator and the
// account's own words (readPasswordUserInputs). The old ZNewPasswordSchema is gone on purpose, so
// code written against it fails to compile instead of skipping the estimator.
export const ZNewPasswordInputSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

// At sign-in nothing is said about the rules: only that a password is needed, and a bound.
export const ZPasswordSchema = z
  .string()
  .min(1, 'Enter your password.')
  .max(PASSWORD_MAX_LENGTH, 'That password is too long.');

// "Current password" when changing it: the same bound, and a prompt that names which password.
export const ZCurrentPasswordSchema = z
  .string()
  .min(1, 'Enter your current password.')
  .max(PASSWORD_MAX_LENGTH, 'That is too long to be your password.');
