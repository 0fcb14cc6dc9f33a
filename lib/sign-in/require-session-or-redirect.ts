import { redirect } from 'next/navigation';
import { getCurrentSession, type CurrentSession } from '@/lib/sessions/get-current-session';
import { readSignInAttempt } from './sign-in-attempt';

/**
 * For pages: no session, no page. A sign-in in progress goes back to where it stands (the token
 * prompt, or the wizard when it must enrol); anyone else to the password step.
 */
export async function requireSessionOrRedirect(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (current) return current;
  const { attempt } = await readSignInAttempt();
  redirect(!attempt ? '/sign-in' : attempt.mustEnrol ? '/sign-in/enrol' : '/sign-in/token');
}
