import { cookies } from 'next/headers';
import { getEnv } from '@/lib/config/env';
import { cookieSettings } from '@/lib/sessions/cookie-settings';

// The browser's handle on a password recovery: a random secret whose SHA-256 keys the
// PasswordRecovery row, so a leaked row cannot be replayed as a cookie. "Forgot password?" makes
// one; a support link or support code carries one of its own, which becomes the cookie when the
// owner uses it. Only the recovery pages read it; code that also runs outside Next (the command
// line, the tests' seeds) takes the secret's helpers from recovery-secret.ts, since next/headers
// loads only inside Next.

export async function setRecoveryCookie({ secret, expiresAt }: { secret: string; expiresAt: Date }): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'recovery');
  (await cookies()).set(name, secret, { ...options, expires: expiresAt });
}

export async function readRecoveryCookie(): Promise<string | null> {
  const { name } = cookieSettings(getEnv().GATEHOUSE_URL, 'recovery');
  return (await cookies()).get(name)?.value ?? null;
}

export async function clearRecoveryCookie(): Promise<void> {
  const { name, options } = cookieSettings(getEnv().GATEHOUSE_URL, 'recovery');
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}
