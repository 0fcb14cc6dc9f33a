import type { Actor } from '@/lib/access/actor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import { AppError } from '@/lib/errors/app-error';

/**
 * Whether a session may manage alternative logins: opened with the account password (not with an
 * alternative login, which could otherwise make itself a sibling or replace the owner's), not
 * restricted, on an account that has two-factor on (so that sign-in had a second factor to pass).
 * The page asks this to decide what to show; the verbs call `requireFullSignIn`.
 */
export function isFullSignIn({ session }: Pick<CurrentSession, 'session'>, { isMfaEnabled }: { isMfaEnabled: boolean }): boolean {
  return session.alternativeLoginId === null && !session.isRestricted && isMfaEnabled;
}

/**
 * The check every alternative-login verb makes after `authorize`: `subject` is the account read
 * fresh by the verb, never what the session remembered. The console's operator, trusted like the
 * machine, has no session to judge.
 */
export function requireFullSignIn(actor: Actor, subject: { isMfaEnabled: boolean }): void {
  if (actor.kind === 'console') return;
  if (actor.kind !== 'self' && actor.kind !== 'staff') throw new AppError('NOT_SIGNED_IN');
  if (!isFullSignIn(actor.current, subject)) throw new AppError('ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN');
}
