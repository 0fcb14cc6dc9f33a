import { z } from 'zod';

export const ZEmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your e-mail address.')
  .max(254, 'That e-mail address is too long.')
  .pipe(z.email('Enter an e-mail address like name@example.com.'))
  .transform((email) => email.toLowerCase());
