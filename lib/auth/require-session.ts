import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors/app-error';
import { getCurrentSession, type CurrentSession } from './get-current-session';

/** For pages: no session, no page. */
export async function requireSessionOrRedirect(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (!current) redirect('/sign-in');
  return current;
}

/** For actions, which never trust that their page ran. */
export async function requireSession(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (!current) throw new AppError('NOT_SIGNED_IN');
  return current;
}
