import type { NextAuthOptions } from 'next-auth';
import { getEnv, requireSetting } from '@/lib/config/env';
import { cookieSettings } from './cookie-settings';

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

declare module 'next-auth' {
  interface Session {
    sessionId?: string;
    tokenId?: string;
  }
}

/**
 * next-auth owns the session cookie: its encrypted JWT format, its name and flags, and reading it
 * back (getServerSession). The JWT carries only the id of a Session row and its current
 * token, which every request checks, so signing out and support resets take effect on the server at once.
 *
 * There are no next-auth providers: the password and the second factor are checked by our own
 * server actions (lib/sign-in/sign-in-with-password.ts, complete-sign-in.ts), which work without
 * JavaScript and never create a session before the second factor; the last of them asks
 * next-auth's encoder for the cookie (session-cookie.ts).
 */
export function authOptions(): NextAuthOptions {
  const cookie = cookieSettings(getEnv().GATEHOUSE_URL, 'session');
  return {
    secret: requireSetting('NEXTAUTH_SECRET'),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: { sessionToken: cookie },
    providers: [],
    pages: { signIn: '/sign-in' },
    callbacks: {
      session: ({ session, token }) => ({
        ...session,
        sessionId: typeof token.sid === 'string' ? token.sid : undefined,
        tokenId: typeof token.tid === 'string' ? token.tid : undefined,
      }),
    },
  };
}
