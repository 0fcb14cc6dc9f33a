import { cookies } from 'next/headers';
import { getEnv } from '@/lib/config/env';
import { cookieSettings } from '@/lib/sessions/cookie-settings';

// The browser's handle on a sign-in between the password and the second factor: the random value
// whose hash keys the pending login. Only readSignInAttempt reads it; the actions of the password
// step set it and those that finish or abandon the sign-in clear it.

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
