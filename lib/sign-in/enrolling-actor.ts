import type { Actor } from '@/lib/access/actor';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { findPendingLogin } from './pending-login';

/** The actor of a sign-in that must enrol, from its pending-login cookie; LOGIN_EXPIRED otherwise. */
export async function enrollingActor({ pendingLoginToken, request }: { pendingLoginToken: string | null; request: RequestContext }): Promise<Actor & { kind: 'enrolling' }> {
  const pendingLogin = await findPendingLogin({ token: pendingLoginToken });
  if (!pendingLogin || !pendingLogin.mustEnrol) throw new AppError('LOGIN_EXPIRED');
  return { kind: 'enrolling', pendingLogin, request };
}
