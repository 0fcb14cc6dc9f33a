import { actingUserId as auditedUserId } from '@/lib/audit/audited-actor';
import type { AlternativeLoginKind, MailProtocol } from '@/lib/db/generated/enums';
import type { RequestContext } from '@/lib/http/request-context';
import type { HeldRole } from './roles';

// The actor's own views of a session and of a pending login: the ground floor cannot import the
// features that read them (lib/sign-in, lib/sessions), so the features' types are these (`CurrentSession`,
// `PendingLogin`) rather than the other way round.

/** A signed-in session as an actor carries it: what authorisation and the audit read. */
export type SessionView = {
  session: {
    id: string;
    secondFactorAt: Date | null;
    /** The token the cookie carries; replaced at each authentication step. */
    tokenId: string;
    /** The token under which a second factor was last proven (staff need it to be `tokenId`). */
    secondFactorTokenId: string | null;
    createdAt: Date;
    /** Opened by an alternative login (null: the account password). */
    alternativeLoginId: string | null;
    /** A restricted login's session: authorize refuses it every change. */
    isRestricted: boolean;
  };
  user: {
    id: string;
    email: string;
    brandId: string;
    roles: HeldRole[];
    isMfaEnabled: boolean;
    hasAuthenticatorApp: boolean;
  };
};

/** Between the password and the second factor: the wait an enrolling actor carries. */
export type PendingLoginView = {
  id: string;
  userId: string;
  email: string;
  expiresAt: Date;
  mustEnrol: boolean;
  /** Opened by an alternative login instead of the account password, and which kind. */
  alternativeLogin: { id: string; kind: AlternativeLoginKind } | null;
  /** The session it becomes is restricted (its alternative login is). */
  isRestricted: boolean;
};

/**
 * Who is acting. Every verb that changes an account is told this and the subject (the account
 * changed); authorisation (`authorize`) and the audit row (`recordAuditEvent`) both read it, so
 * they can never disagree about who did what. Kinds to come (a mail-protocol login, an OpenID
 * client) are new members of this union.
 */
export type Actor =
  /** The account's owner, in a signed-in session. */
  | { kind: 'self'; current: SessionView; request: RequestContext }
  /** A staff member acting on someone else's account or a brand, with the roles the session holds. */
  | { kind: 'staff'; current: SessionView; request: RequestContext }
  /** The operator at the server's console (`npx gatehouse`), trusted like the machine itself. */
  | { kind: 'console'; operator: string; request: RequestContext }
  /** Someone signing in, not yet proven to be anyone: the password step and the token prompt. */
  | { kind: 'visitor'; request: RequestContext }
  /**
   * An account owner who passed the password step of an account that must set up a second factor
   * before it gets a session: it may enrol, and nothing else.
   */
  | { kind: 'enrolling'; pendingLogin: PendingLoginView; request: RequestContext }
  /**
   * Someone who, through a password recovery, proved everything the mailbox asks before a new
   * password (lib/recovery): it may set that password, and nothing else. Not signed in.
   */
  | { kind: 'recovering'; recovery: { id: string; userId: string }; request: RequestContext }
  /**
   * A mail client logging in over IMAP, POP3 or SMTP submission, as Dovecot reports it: `request`
   * holds the mail client's address (not Dovecot's). It proves nothing yet and may change nothing.
   */
  | { kind: 'mail-client'; protocol: MailProtocol; request: RequestContext };

export function selfActor(current: SessionView, request: RequestContext): Actor & { kind: 'self' } {
  return { kind: 'self', current, request };
}

/** The signed-in person behind an actor, when there is one (the audit's rule: they cannot differ). */
export function actingUserId(actor: Actor): string | null {
  return auditedUserId(actor);
}
