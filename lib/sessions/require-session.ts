import { AppError } from '@/lib/errors/app-error';
import { getCurrentSession, type CurrentSession } from './get-current-session';

/** For actions, which never trust that their page ran. */
export async function requireSession(): Promise<CurrentSession> {
  const current = await getCurrentSession();
  if (!current) throw new AppError('NOT_SIGNED_IN');
  return current;
}
