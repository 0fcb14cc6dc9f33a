import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { getEnv, requireSetting } from '@/lib/config/env';
import { cookieSettings } from './cookie-settings';
import type { CurrentSession } from './get-current-session';
import { SESSION_MAX_AGE_SECONDS } from './next-auth-options';

/** The session cookie: the row's id and its current token, which every request must match. */
export async function setSessionCookie({ sessionId, userId, tokenId }: { sessionId: string; userId: string; tokenId: string }): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'session');
  const token = await encode({
    token: { sid: sessionId, tid: tokenId, sub: userId },
    secret: requireSetting('NEXTAUTH_SECRET'),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, token, { ...options, maxAge: SESSION_MAX_AGE_SECONDS });
}

/** When `current`'s token was renewed since the request's cookie carried `issuedTokenId`, the cookie follows. */
export async function sendRenewedSessionCookie(current: CurrentSession, issuedTokenId: string): Promise<void> {
  if (current.session.tokenId === issuedTokenId) return;
  await setSessionCookie({ sessionId: current.session.id, userId: current.user.id, tokenId: current.session.tokenId });
}

export async function clearSessionCookie(): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'session');
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
