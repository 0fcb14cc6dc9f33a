import { z } from 'zod';
import { isCommonPassword } from './common-passwords';

// NIST SP 800-63B 5.1.1.2 / ASVS 5 6.2: at least 8 characters, at least 64 accepted, never
// truncated, no composition rules, common passwords refused. 1024 bounds the hashing work.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

export const ZNewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((password) => !isCommonPassword(password), 'That password is too common. Choose another.');

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
