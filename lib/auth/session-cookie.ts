import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { getEnv, requireSetting } from '@/lib/config/env';
import { cookieSettings } from './cookie-settings';
import { SESSION_MAX_AGE_SECONDS } from './next-auth-options';

export async function setSessionCookie({ sessionId, userId }: { sessionId: string; userId: string }): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'session');
  const token = await encode({
    token: { sid: sessionId, sub: userId },
    secret: requireSetting('NEXTAUTH_SECRET'),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, token, { ...options, maxAge: SESSION_MAX_AGE_SECONDS });
}

export async function clearSessionCookie(): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'session');
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}

export async function setPendingLoginCookie({ token, expiresAt }: { token: string; expiresAt: Date }): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'pending-login');
  (await cookies()).set(name, token, { ...options, expires: expiresAt });
}

export async function readPendingLoginCookie(): Promise<string | null> {
  const { name } = cookieSettings(getEnv().GATEHOUSE_URL, 'pending-login');
  return (await cookies()).get(name)?.value ?? null;
}

export async function clearPendingLoginCookie(): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'pending-login');
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
