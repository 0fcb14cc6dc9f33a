import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { OrganisationRole, RoleName } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from './actor';
import type { HeldRole } from './roles';
import { isStaffSessionReady } from './staff-actor';

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
  /** Read a mailbox's security state in the support console (masked factors, locations, activity). */
  | 'mailbox.inspect'
  /** Support's "Disable 2FA" after a lost phone: every factor and session goes. */
  | 'two_factor.reset'
  /** Support's gentler path: a fresh set of backup codes, shown once to the staff member. */
  | 'recovery_codes.issue'
  /**
   * Support's help with a forgotten password: a reset link sent to a confirmed alternate address or
   * phone, or (where there is none) a single-use reset code shown once. Never the password itself.
   */
  | 'password_reset.issue'
  /** Forget remembered addresses and countries: the owner one at a time, support all at once. */
  | 'locations.forget'
  /** When the second factor is asked at sign-in. */
  | 'challenge_policy.set'
  /** Create an app-specific password for a mail client: only the owner, who alone sees it. */
  | 'app_password.create'
  | 'app_password.revoke'
  /** Mark a confirmed backup phone as the mobile number an SMS password's codes go to. */
  | 'mobile.set'
  /** Open the Alternative Logins page, create, list and delete SMS passwords and one-time lists. */
  | 'alternative_login.manage'
  | 'password.change'
  /** Set a new password at the end of a password recovery: only the recovering visitor, on its mailbox. */
  | 'password.recover'
  /**
   * Accept or decline an invitation to a family or business account: only the invited mailbox
   * itself, never from a restricted login (joining puts the mailbox under the organisation's rules).
   */
  | 'organisation_invitation.answer'
  /**
   * Create a family or business account from Account Security and become its administrator: only
   * the mailbox itself, never from a restricted login; the verb adds the brand's switch, the
   * second factor and "in no organisation yet".
   */
  | 'organisation.create_own'
  /** A mailbox in no organisation buys SMS credits for its own pool, and reads its history (the owner only). */
  | 'own_credits.buy'
  | 'own_credits.view'
  /**
   * "Reset two-factor authentication" of a member who lost their phone, by an administrator of the
   * member's family or business account (never of their own account, never a staff account's):
   * what support's "Disable 2FA" does. The verb adds the organisation's kind, the brand's
   * familyAdminsMayReset and, for another administrator, a second administrator's confirmation.
   */
  | 'organisation_member.two_factor_reset';

/** What can be done to one brand. */
export type BrandAction =
  | 'brand_settings.change'
  | 'organisation.create'
  /** Add and remove the brand's mail domains and host names, ask for a domain that has mailboxes, cancel that request. */
  | 'brand_domains.change'
  /** The reseller console's Mailboxes list and its CSV: each mailbox's two-factor state, enrolment deadline and last sign-in. */
  | 'brand_mailboxes.view'
  /** The reseller console's Activity: the brand's audit rows (who, what, on whom, when, reason) and their CSV. */
  | 'brand_activity.view';

/** What can be done to one family or business account (an organisation) and its SMS credits. */
export type OrganisationAction =
  /** Its home page: members with their 2FA state, preferences, balance and history. */
  | 'organisation.view'
  /** Invite and remove members, cancel invitations, make them administrators, change the preferences. */
  | 'organisation.manage'
  /**
   * Put a mailbox into the organisation without its consent: the console's operator only (the
   * demo seed, tests' worlds, a host's migration), audited and e-mailed. No role grants it.
   */
  | 'organisation.add_member_directly'
  /** Buy SMS credits for the pool. */
  | 'credits.buy'
  /** Read the pool's balance and its history (the page and the CSV). */
  | 'credits.view'
  /** A member leaves (itself); the verb keeps the last administrator in. */
  | 'organisation.leave'
  /** Platform support's correction of a balance, with a reason. */
  | 'credits.adjust';

/** What can be done to the platform as a whole. */
export type PlatformAction =
  | 'platform_settings.change'
  | 'account.create'
  | 'brand.create'
  | 'role.grant'
  /** Approve or refuse a brand's request for a domain that already has mailboxes (they move into the brand). */
  | 'brand_domain_request.answer';

export type Action = AccountAction | BrandAction | OrganisationAction | PlatformAction;

/** What an action is done to: one account, one brand, one organisation, or the platform. */
export type Subject = { userId: string } | { brandId: string } | { organisationId: string } | 'platform';
/**
 * The same, with what is read from the database: the brand an account or organisation belongs to,
 * whether an account holds a staff role, and an organisation's members with their roles (what its
 * own people may do depends on them).
 */
export type ResolvedSubject =
  | {
      userId: string;
      brandId: string;
      isStaff: boolean;
      /** The account's organisation and its administrators, read only for ORGANISATION_MEMBER_ACTIONS. */
      organisation?: { id: string; administratorIds: readonly string[] } | null;
    }
  | { brandId: string }
  | { organisationId: string; brandId: string; members: ReadonlyArray<{ userId: string; role: OrganisationRole }> }
  | 'platform';

const SUPPORT_ACTIONS: Action[] = [
  'factor.add',
  'sessions.end',
  'sign_in.unlock',
  'mailbox.inspect',
  'two_factor.reset',
  'recovery_codes.issue',
  'password_reset.issue',
  'locations.forget',
  'challenge_policy.set',
];

// What each staff role may do, within its scope (the platform's roles reach every brand, a brand's
// roles only that brand's mailboxes and settings). No role may remove one of a user's factors or
// turn their two-factor off as the owner does: a support reset is its own action, with a reason,
// a recent second factor of the staff member's, and a notice to the user (lib/support).
// Staff see an organisation's page but never buy or manage it for its administrators; a balance
// is corrected only by the platform's people, with a reason (lib/credits/adjust-credits.ts).
const ROLE_MAY: Record<RoleName, ReadonlySet<Action>> = {
  PLATFORM_ADMIN: new Set([
    ...SUPPORT_ACTIONS,
    'brand_settings.change',
    'brand_domains.change',
    'brand_mailboxes.view',
    'brand_activity.view',
    'platform_settings.change',
    'account.create',
    'brand.create',
    'role.grant',
    'brand_domain_request.answer',
    'organisation.create',
    'organisation.view',
    'credits.view',
    'credits.adjust',
  ]),
  PLATFORM_SUPPORT: new Set([...SUPPORT_ACTIONS, 'organisation.view', 'credits.view', 'credits.adjust']),
  BRAND_ADMIN: new Set([...SUPPORT_ACTIONS, 'brand_settings.change', 'brand_mailboxes.view', 'brand_activity.view', 'brand_domains.change', 'organisation.create', 'organisation.view', 'credits.view']),
  // A brand's support reads its brand's organisations on the support console, and changes nothing.
  BRAND_SUPPORT: new Set([...SUPPORT_ACTIONS, 'organisation.view', 'credits.view']),
};

const SELF_MAY: ReadonlySet<Action> = new Set([
  'authenticator.enrol',
  'factor.add',
  'factor.remove',
  'backup_codes.replace',
  'two_factor.turn_off',
  'sessions.end',
  'locations.forget',
  'challenge_policy.set',
  'app_password.create',
  'app_password.revoke',
  'mobile.set',
  'alternative_login.manage',
  'password.change',
  'organisation_invitation.answer',
  'organisation.create_own',
  'own_credits.buy',
  'own_credits.view',
]);

// A restricted login (an SMS password or one-time list used on a computer the owner does not
// trust) may look and may not change or remove anything: every account action is refused but
// these. Adding is refused too: a phone, an authenticator or an app password added from a kiosk
// would be a way back in for whoever sits at it next.
const RESTRICTED_SESSION_MAY: ReadonlySet<Action> = new Set(['organisation.view', 'credits.view', 'own_credits.view']);

// What an organisation's administrators may do to one of its members' accounts (not their own).
const ORGANISATION_MEMBER_ACTIONS: ReadonlySet<Action> = new Set(['organisation_member.two_factor_reset']);

/**
 * Why an actor may not act: no right at all, a restricted login, a staff account's own choice, or
 * an organisation's administrator or billing contact that has no second factor of its own.
 */
export type Refusal = 'FORBIDDEN' | 'RESTRICTED_LOGIN' | 'ALTERNATIVE_LOGINS_NOT_FOR_STAFF' | 'TRUSTED_ROLE_NEEDS_TWO_FACTOR';

// An administrator or billing contact holds the members' security and the pool's money. One whose
// own second factor went (turned off, support's Disable 2FA, another administrator's reset, or
// appointed by the console before it had one) would act on a password alone, with no code to ask:
// it may look and leave, and does nothing else until it enrols again.
const WITHOUT_SECOND_FACTOR_MAY: ReadonlySet<Action> = new Set(['organisation.view', 'credits.view', 'organisation.leave']);

// What an organisation's own people may do to it, by their role in it. A business account's
// billing contact buys credits and reads the balance and history, and nothing else: not the
// members, their two-factor state, the invitations or the preferences (`organisation.view`).
const ORGANISATION_ROLE_MAY: Record<OrganisationRole, ReadonlySet<Action>> = {
  ADMINISTRATOR: new Set(['organisation.view', 'organisation.manage', 'credits.buy', 'credits.view', 'organisation.leave']),
  MEMBER: new Set(['organisation.leave']),
  BILLING: new Set(['credits.buy', 'credits.view', 'organisation.leave']),
};

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
export function refusalOf(actor: Actor, action: Action, subject: ResolvedSubject): Refusal | null {
  if ((actor.kind === 'self' || actor.kind === 'staff') && actor.current.session.isRestricted && !RESTRICTED_SESSION_MAY.has(action)) {
    return 'RESTRICTED_LOGIN';
  }
  switch (actor.kind) {
    case 'console':
      return null;
    case 'visitor':
    case 'mail-client':
      return 'FORBIDDEN';
    case 'recovering':
      return action === 'password.recover' && subject !== 'platform' && 'userId' in subject && subject.userId === actor.recovery.userId
        ? null
        : 'FORBIDDEN';
    case 'enrolling':
      return action === 'authenticator.enrol' && subject !== 'platform' && 'userId' in subject && subject.userId === actor.pendingLogin.userId
        ? null
        : 'FORBIDDEN';
    case 'self': {
      if (subject !== 'platform' && 'organisationId' in subject) {
        const membership = subject.members.find((member) => member.userId === actor.current.user.id);
        if (!membership || !ORGANISATION_ROLE_MAY[membership.role].has(action)) return 'FORBIDDEN';
        return actor.current.user.isMfaEnabled || WITHOUT_SECOND_FACTOR_MAY.has(action) ? null : 'TRUSTED_ROLE_NEEDS_TWO_FACTOR';
      }
      if (subject !== 'platform' && 'userId' in subject && ORGANISATION_MEMBER_ACTIONS.has(action)) {
        // An administrator acts on another member of its own organisation, never on a staff
        // account (a way into other mailboxes), and on its own account only as its owner.
        const isAdministrator = subject.organisation?.administratorIds.includes(actor.current.user.id) === true;
        if (!isAdministrator || subject.userId === actor.current.user.id || subject.isStaff) return 'FORBIDDEN';
        return actor.current.user.isMfaEnabled ? null : 'TRUSTED_ROLE_NEEDS_TWO_FACTOR';
      }
      if (subject === 'platform' || !('userId' in subject) || subject.userId !== actor.current.user.id || !SELF_MAY.has(action)) return 'FORBIDDEN';
      // A staff account is a way into other mailboxes: it signs in with its password and a
      // second factor, never with a login meant for a computer its owner does not trust.
      return action === 'alternative_login.manage' && subject.isStaff ? 'ALTERNATIVE_LOGINS_NOT_FOR_STAFF' : null;
    }
    case 'staff': {
      // Only a session fit to act as staff (staffActor builds no other; one made by hand meets the
      // same rule here): a second factor passed, and never through an alternative login.
      if (!isStaffSessionReady(actor.current)) return 'FORBIDDEN';
      // Staff tools never act on the staff member's own account: that is self-service, with its
      // own re-authentication.
      if (subject !== 'platform' && 'userId' in subject && subject.userId === actor.current.user.id) return 'FORBIDDEN';
      // A staff account is someone else's way into other mailboxes: only the platform's
      // administrators act on one, never support or a brand's staff (who could otherwise take
      // over a higher role's account with recovery codes issued to themselves).
      if (subject !== 'platform' && 'userId' in subject && subject.isStaff && !actor.current.user.roles.some((held) => held.role === 'PLATFORM_ADMIN')) {
        return 'FORBIDDEN';
      }
      // Nor on an organisation the staff member belongs to: its own administrators manage it.
      if (subject !== 'platform' && 'organisationId' in subject && subject.members.some((member) => member.userId === actor.current.user.id)) {
        return 'FORBIDDEN';
      }
      return actor.current.user.roles.some((held) => roleCovers(held, action, subject)) ? null : 'FORBIDDEN';
    }
  }
}

/**
 * The brands in which the actor may do `action`: every brand ('all'), or a list (empty for none).
 * Lists and searches use it so they show only what the verbs would let the actor act on.
 */
export function brandsInScope(actor: Actor, action: Action): 'all' | string[] {
  if (actor.kind === 'console') return 'all';
  if (actor.kind !== 'staff') return [];
  const covering = actor.current.user.roles.filter((held) => ROLE_MAY[held.role].has(action));
  if (covering.some((held) => held.brandId === null)) return 'all';
  return [...new Set(covering.map((held) => held.brandId as string))];
}

export async function resolveSubject(subject: Subject, action?: Action): Promise<ResolvedSubject> {
  if (subject !== 'platform' && 'organisationId' in subject) {
    const organisation = await prisma.organisation.findUnique({
      where: { id: subject.organisationId },
      select: { brandId: true, members: { select: { userId: true, role: true } } },
    });
    if (!organisation) throw new AppError('ORGANISATION_NOT_FOUND');
    return { organisationId: subject.organisationId, brandId: organisation.brandId, members: organisation.members };
  }
  if (subject === 'platform' || !('userId' in subject)) return subject;
  const user = await prisma.user.findUnique({ where: { id: subject.userId }, select: { brandId: true } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  const resolved = { userId: subject.userId, brandId: user.brandId, isStaff: await holdsStaffRole(prisma, subject.userId) };
  return action && ORGANISATION_MEMBER_ACTIONS.has(action) ? { ...resolved, organisation: await readOrganisationOf(prisma, subject.userId) } : resolved;
}

/** The organisation an account belongs to, with its administrators, read inside the caller's transaction. */
export async function readOrganisationOf(
  db: Pick<Tx, 'organisationMember'>,
  userId: string,
): Promise<{ id: string; administratorIds: string[] } | null> {
  const membership = await db.organisationMember.findUnique({
    where: { userId },
    select: { organisation: { select: { id: true, members: { where: { role: 'ADMINISTRATOR' }, select: { userId: true } } } } },
  });
  if (!membership) return null;
  return { id: membership.organisation.id, administratorIds: membership.organisation.members.map((member) => member.userId) };
}

/** Whether an account holds any staff role, read inside the caller's transaction. */
export async function holdsStaffRole(db: Pick<Tx, 'roleGrant'>, userId: string): Promise<boolean> {
  return (await db.roleGrant.count({ where: { userId } })) > 0;
}

/** Throws FORBIDDEN, and records the refusal with who tried what on whom, when the actor may not. */
export async function authorize(actor: Actor, action: Action, subject: Subject): Promise<ResolvedSubject> {
  const resolved = await resolveSubject(subject, action);
  const refusal = refusalOf(actor, action, resolved);
  if (!refusal) return resolved;
  await recordAuditEvent(prisma, {
    type: 'access.refused',
    actor,
    subjectId: resolved !== 'platform' && 'userId' in resolved ? resolved.userId : null,
    // Listed on the Activity of the brand that was reached for, whoever tried.
    ...(resolved !== 'platform' ? { brandId: resolved.brandId } : {}),
    detail: {
      action,
      ...(resolved !== 'platform' ? { brandId: resolved.brandId } : {}),
      ...(resolved !== 'platform' && 'organisationId' in resolved ? { organisationId: resolved.organisationId } : {}),
    },
  });
  throw new AppError(refusal);
}
