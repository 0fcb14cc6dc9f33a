import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor, StaffRole } from './actor';

/** What can be done to one account. */
export type AccountAction =
  /** Set up an authenticator app: only its owner, who alone may see the secret. */
  | 'authenticator.enrol'
  /** Add a backup phone or an alternate address (verified by a code the user reads back). */
  | 'factor.add'
  | 'factor.remove'
  | 'backup_codes.replace'
  | 'two_factor.turn_off'
  | 'sessions.end'
  /** Clear the locks after too many failures. */
  | 'sign_in.unlock';

/** What can be done to the platform as a whole. */
export type PlatformAction = 'platform_settings.change' | 'account.create';

export type Subject = { userId: string } | 'platform';

// Which staff role may do what, on accounts in its scope. A staff member never acts through these
// tools on their own account: that is self-service, with its own re-authentication.
const STAFF_MAY: Record<StaffRole, ReadonlySet<AccountAction | PlatformAction>> = {
  SUPPORT: new Set(['factor.add', 'sessions.end', 'sign_in.unlock']),
  ADMIN: new Set(['factor.add', 'sessions.end', 'sign_in.unlock', 'platform_settings.change', 'account.create']),
};

const SELF_MAY: ReadonlySet<AccountAction> = new Set([
  'authenticator.enrol',
  'factor.add',
  'factor.remove',
  'backup_codes.replace',
  'two_factor.turn_off',
  'sessions.end',
]);

/**
 * The one authorisation rule: may `actor` do `action` to `subject`? Null means yes; otherwise the
 * refusal. Pages ask it to decide what to show; verbs call `authorize`, so a forged form post
 * meets the same answer as the page.
 */
export function refusalOf(actor: Actor, action: AccountAction | PlatformAction, subject: Subject): 'FORBIDDEN' | null {
  switch (actor.kind) {
    case 'console':
      return null;
    case 'visitor':
      return 'FORBIDDEN';
    case 'self':
      return subject !== 'platform' && subject.userId === actor.current.user.id && SELF_MAY.has(action as AccountAction) ? null : 'FORBIDDEN';
    case 'staff': {
      if (!staffRoleMay(actor.role, action)) return 'FORBIDDEN';
      if (subject !== 'platform' && subject.userId === actor.current.user.id) return 'FORBIDDEN';
      // Scope: the platform's staff reach every account; brand scopes narrow this later.
      return null;
    }
  }
}

/** What a staff role may do at all, before scope and subject are considered. */
export function staffRoleMay(role: StaffRole, action: AccountAction | PlatformAction): boolean {
  return STAFF_MAY[role].has(action);
}

export function can(actor: Actor, action: AccountAction | PlatformAction, subject: Subject): boolean {
  return refusalOf(actor, action, subject) === null;
}

/** Throws FORBIDDEN, and records the refusal with who tried what on whom, when the actor may not. */
export async function authorize(actor: Actor, action: AccountAction | PlatformAction, subject: Subject): Promise<void> {
  const refusal = refusalOf(actor, action, subject);
  if (!refusal) return;
  await recordAuditEvent(prisma, {
    type: 'access.refused',
    actor,
    subjectId: subject === 'platform' ? null : subject.userId,
    detail: { action },
  });
  throw new AppError(refusal);
}
