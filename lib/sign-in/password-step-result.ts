import type { CreatedSession } from '@/lib/sessions/create-session';

/**
 * Where the password step leads: the token prompt, the enrolment wizard (each with the pending
 * login whose cookie the browser keeps meanwhile), or straight into a session. Its own module so
 * the account password's step and the alternative logins' step share it without importing each
 * other.
 */
export type PasswordStepResult =
  | { next: 'second-factor'; pendingLogin: { token: string; expiresAt: Date } }
  | { next: 'enrol'; pendingLogin: { token: string; expiresAt: Date } }
  | { next: 'signed-in'; session: CreatedSession };
