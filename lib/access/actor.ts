import type { CurrentSession } from '@/lib/sessions/get-current-session';
import type { PendingLogin } from '@/lib/sign-in/pending-login';
import type { MailProtocol } from '@/lib/db/generated/enums';
import type { RequestContext } from '@/lib/http/request-context';

/**
 * Who is acting. Every verb that changes an account is told this and the subject (the account
 * changed); authorisation (`authorize`) and the audit row (`recordAuditEvent`) both read it, so
 * they can never disagree about who did what. Kinds to come (a mail-protocol login, an OpenID
 * client) are new members of this union.
 */
export type Actor =
  /** The account's owner, in a signed-in session. */
  | { kind: 'self'; current: CurrentSession; request: RequestContext }
  /** A staff member acting on someone else's account or a brand, with the roles the session holds. */
  | { kind: 'staff'; current: CurrentSession; request: RequestContext }
  /** The operator at the server's console (`npx gatehouse`), trusted like the machine itself. */
  | { kind: 'console'; operator: string; request: RequestContext }
  /** Someone signing in, not yet proven to be anyone: the password step and the token prompt. */
  | { kind: 'visitor'; request: RequestContext }
  /**
   * An account owner who passed the password step of an account that must set up a second factor
   * before it gets a session: it may enrol, and nothing else.
   */
  | { kind: 'enrolling'; pendingLogin: PendingLogin; request: RequestContext }
  /**
   * A mail client logging in over IMAP, POP3 or SMTP submission, as Dovecot reports it: `request`
   * holds the mail client's address (not Dovecot's). It proves nothing yet and may change nothing.
   */
  | { kind: 'mail-client'; protocol: MailProtocol; request: RequestContext };

export function selfActor(current: CurrentSession, request: RequestContext): Actor & { kind: 'self' } {
  return { kind: 'self', current, request };
}

/** The signed-in person behind an actor, when there is one. */
export function actingUserId(actor: Actor): string | null {
  if (actor.kind === 'self' || actor.kind === 'staff') return actor.current.user.id;
  return actor.kind === 'enrolling' ? actor.pendingLogin.userId : null;
}
