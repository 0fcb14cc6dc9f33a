import type { Actor } from '@/lib/core/actor';
import { refusalOf, resolveSubject } from '@/lib/core/authorize';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { AppError, type AppErrorCode } from '@/lib/errors/app-error';

/**
 * Whether a session may manage alternative logins: opened with the account password (not with an
 * alternative login, which could otherwise make itself a sibling or replace the owner's), on an
 * account that has two-factor on (so that sign-in had a second factor to pass). A restricted
 * session is one an alternative login opened, and authorize has refused it before this is asked.
 * The page asks this to decide what to show; the verbs call `requireFullSignIn`.
 */
export function isFullSignIn({ session }: Pick<CurrentSession, 'session'>, { isMfaEnabled }: { isMfaEnabled: boolean }): boolean {
  return session.alternativeLoginId === null && isMfaEnabled;
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

/**
 * For the page: what the verbs would refuse the account's owner (a restricted login, a staff
 * account, a session without a full sign-in), or null. Asked through `refusalOf`, so a page view
 * is not recorded as a refused attempt; the verbs still decide for themselves.
 */
export async function alternativeLoginsRefusal(actor: Actor & { kind: 'self' }): Promise<AppErrorCode | null> {
  const { current } = actor;
  const refusal = refusalOf(actor, 'alternative_login.manage', await resolveSubject({ userId: current.user.id }));
  if (refusal) return refusal;
  return isFullSignIn(current, current.user) ? null : 'ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN';
}
