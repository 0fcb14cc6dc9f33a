import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RoleName } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from './actor';
import type { HeldRole } from './roles';

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
  | 'sign_in.unlock'
  /** Create an app-specific password for a mail client: only the owner, who alone sees it. */
  | 'app_password.create'
  | 'app_password.revoke';

/** What can be done to one brand. */
export type BrandAction = 'brand_settings.change';

/** What can be done to the platform as a whole. */
export type PlatformAction = 'platform_settings.change' | 'account.create' | 'brand.create' | 'role.grant';

export type Action = AccountAction | BrandAction | PlatformAction;

/** What an action is done to: one account, one brand, or the platform. */
export type Subject = { userId: string } | { brandId: string } | 'platform';
/** The same, with the brand an account belongs to read from the database. */
export type ResolvedSubject = { userId: string; brandId: string } | { brandId: string } | 'platform';

const SUPPORT_ACTIONS: Action[] = ['factor.add', 'sessions.end', 'sign_in.unlock'];

// What each staff role may do, within its scope (the platform's roles reach every brand, a brand's
// roles only that brand's mailboxes and settings). No role may remove a user's factor or turn
// their two-factor off: those stay with the owner (a support reset is its own, audited action).
const ROLE_MAY: Record<RoleName, ReadonlySet<Action>> = {
  PLATFORM_ADMIN: new Set([...SUPPORT_ACTIONS, 'brand_settings.change', 'platform_settings.change', 'account.create', 'brand.create', 'role.grant']),
  PLATFORM_SUPPORT: new Set(SUPPORT_ACTIONS),
  BRAND_ADMIN: new Set([...SUPPORT_ACTIONS, 'brand_settings.change']),
  BRAND_SUPPORT: new Set(SUPPORT_ACTIONS),
};

const SELF_MAY: ReadonlySet<Action> = new Set([
  'authenticator.enrol',
  'factor.add',
  'factor.remove',
  'backup_codes.replace',
  'two_factor.turn_off',
  'sessions.end',
  'app_password.create',
  'app_password.revoke',
]);

/** Whether one held role covers the action on the subject: the role allows it, in its scope. */
export function roleCovers(held: HeldRole, action: Action, subject: ResolvedSubject): boolean {
  if (!ROLE_MAY[held.role].has(action)) return false;
  if (held.brandId === null) return true;
  return subject !== 'platform' && subject.brandId === held.brandId;
}

/**
 * The one authorisation rule: may `actor` do `action` to `subject`? Null means yes; otherwise the
 * refusal. Pages ask it to decide what to show; verbs call `authorize`, so a forged form post
 * meets the same answer as the page.
 */
export function refusalOf(actor: Actor, action: Action, subject: ResolvedSubject): 'FORBIDDEN' | null {
  switch (actor.kind) {
    case 'console':
      return null;
    case 'visitor':
    case 'mail-client':
      return 'FORBIDDEN';
    case 'enrolling':
      return action === 'authenticator.enrol' && subject !== 'platform' && 'userId' in subject && subject.userId === actor.pendingLogin.userId
        ? null
        : 'FORBIDDEN';
    case 'self':
      return subject !== 'platform' && 'userId' in subject && subject.userId === actor.current.user.id && SELF_MAY.has(action)
        ? null
        : 'FORBIDDEN';
    case 'staff': {
      // Staff tools never act on the staff member's own account: that is self-service, with its
      // own re-authentication.
      if (subject !== 'platform' && 'userId' in subject && subject.userId === actor.current.user.id) return 'FORBIDDEN';
      return actor.current.user.roles.some((held) => roleCovers(held, action, subject)) ? null : 'FORBIDDEN';
    }
  }
}

export async function resolveSubject(subject: Subject): Promise<ResolvedSubject> {
  if (subject === 'platform' || !('userId' in subject)) return subject;
  const user = await prisma.user.findUnique({ where: { id: subject.userId }, select: { brandId: true } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  return { userId: subject.userId, brandId: user.brandId };
}

/** Throws FORBIDDEN, and records the refusal with who tried what on whom, when the actor may not. */
export async function authorize(actor: Actor, action: Action, subject: Subject): Promise<ResolvedSubject> {
  const resolved = await resolveSubject(subject);
  const refusal = refusalOf(actor, action, resolved);
  if (!refusal) return resolved;
  await recordAuditEvent(prisma, {
    type: 'access.refused',
    actor,
    subjectId: resolved !== 'platform' && 'userId' in resolved ? resolved.userId : null,
    detail: { action, ...(resolved !== 'platform' ? { brandId: resolved.brandId } : {}) },
  });
  throw new AppError(refusal);
}
