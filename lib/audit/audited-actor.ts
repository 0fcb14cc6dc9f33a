import type { RequestContext } from '@/lib/http/request-context';

/**
 * Who acted, as much of it as an audit row and a security notice record. The audit sits below the
 * ground floor (lib/core builds the account-change frame on it), so it names only the fields it
 * reads instead of importing `Actor`: `Actor` (lib/core/actor.ts) is assignable to this, and a new
 * kind of actor fails to compile at its first `recordAuditEvent` until `ACTOR_KIND` names it.
 */
export type AuditedActor =
  | { kind: 'self' | 'staff'; current: { user: { id: string } }; request: RequestContext }
  | { kind: 'console'; operator: string; request: RequestContext }
  | { kind: 'visitor' | 'mail-client'; request: RequestContext }
  | { kind: 'recovering'; recovery: { userId: string }; request: RequestContext }
  | { kind: 'enrolling'; pendingLogin: { userId: string }; request: RequestContext };

/** The signed-in person behind an actor, when there is one. */
export function actingUserId(actor: AuditedActor): string | null {
  if (actor.kind === 'self' || actor.kind === 'staff') return actor.current.user.id;
  return actor.kind === 'enrolling' ? actor.pendingLogin.userId : null;
}
