import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors/app-error';
import { getCurrentSession, type CurrentSession } from './get-current-session';
import { findPendingLogin } from '@/lib/sign-in/pending-login';
import { readPendingLoginCookie } from './session-cookie';

/** For pages: no session, no page. A sign-in waiting for its second factor goes back to the prompt. */
export async function requireSessionOrRedirect(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (current) return current;
  const pendingLogin = await findPendingLogin({ token: await readPendingLoginCookie() });
  redirect(!pendingLogin ? '/sign-in' : pendingLogin.mustEnrol ? '/sign-in/enrol' : '/sign-in/token');
}

/** For actions, which never trust that their page ran. */
export async function requireSession(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (!current) throw new AppError('NOT_SIGNED_IN');
  return current;
}
