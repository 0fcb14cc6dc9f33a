import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { OrganisationRole } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { assertRoleFitsKind, isTrustedRole, organisationRoleWithArticle } from './organisation-roles';

/** Membership changes of one organisation run one at a time: its row is locked first. */
export async function lockOrganisation(tx: Tx, organisationId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE "id" = ${organisationId}::uuid FOR UPDATE`;
}

/** After the change, is an administrator left? Counted under the lock, so two leaving at once cannot both go. */
export async function assertAdministratorLeft(tx: Tx, organisationId: string): Promise<void> {
  const administrators = await tx.organisationMember.count({ where: { organisationId, role: 'ADMINISTRATOR' } });
  if (administrators === 0) throw new AppError('LAST_ADMINISTRATOR');
}

/** The pending resets an administrator asked for end when it is no longer one: a second administrator must not confirm them. */
async function cancelRequestsBy(tx: Tx, { organisationId, userId, actor }: { organisationId: string; userId: string; actor: Actor }): Promise<void> {
  const now = new Date();
  const pending = await tx.organisationResetRequest.findMany({
    where: { organisationId, requestedById: userId, status: 'PENDING', expiresAt: { gt: now } },
    select: { id: true, memberId: true },
  });
  for (const request of pending) {
    await tx.organisationResetRequest.update({ where: { id: request.id }, data: { status: 'CANCELLED', answeredById: actingUserId(actor), answeredAt: now } });
    await recordAuditEvent(tx, { type: 'organisation.member_reset_cancelled', actor, subjectId: request.memberId, detail: { organisationId, requestId: request.id } });
  }
}

/**
 * The invitations an administrator sent end when it is no longer one (removed, demoted, or gone by
 * itself), in the same transaction: one set aside as "not who they seemed" must not leave an
 * invitation to an accomplice open behind it (acceptInvitation checks the sender again). Each is
 * audited, and a mailbox that was e-mailed the invitation is told it was withdrawn.
 */
export async function cancelInvitationsBy(tx: Tx, { organisationId, userId, actor }: { organisationId: string; userId: string; actor: Actor }): Promise<string[]> {
  const now = new Date();
  const open = await tx.organisationInvitation.findMany({
    where: { organisationId, invitedById: userId, status: { in: ['PENDING', 'DECLINED'] } },
    select: { id: true, status: true, organisation: { select: { name: true } }, user: { select: { id: true, email: true } } },
  });
  const ids: string[] = [];
  const brand = open.length > 0 ? await readOrganisationMessageBrand(tx, { organisationId }) : null;
  for (const invitation of open) {
    await tx.organisationInvitation.update({ where: { id: invitation.id }, data: { status: 'CANCELLED', answeredAt: now } });
    await recordAuditEvent(tx, {
      type: 'organisation.invitation_cancelled',
      actor,
      subjectId: invitation.user?.id ?? null,
      detail: { organisationId, invitationId: invitation.id, senderNoLongerAdministrator: userId },
    });
    if (!invitation.user || invitation.status !== 'PENDING' || !brand) continue;
    ids.push(
      await queueEmail(tx, {
        to: invitation.user.email,
        brand,
        subject: `The invitation to "${invitation.organisation.name}" was withdrawn`,
        body: `The administrators of "${invitation.organisation.name}" withdrew their invitation. Nothing about your mailbox changed.`,
      }),
    );
  }
  return ids;
}

/**
 * The member hears of its removal or new role, and when an administrator lost the role, so do the
 * other administrators (the acting one aside): one taken-over administrator cannot quietly set a
 * fellow aside. Queued in the change's transaction.
 */
async function tellOfChange(
  tx: Tx,
  { actor, organisationId, userId, wasAdministrator, what }: { actor: Actor; organisationId: string; userId: string; wasAdministrator: boolean; what: string },
): Promise<string[]> {
  const { name } = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } });
  const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const brand = await readOrganisationMessageBrand(tx, { organisationId });
  const ids = [
    await queueEmail(tx, {
      brand,
      to: email,
      subject: `Your place in "${name}" changed`,
      body: [`Your mailbox ${email} ${what} of "${name}" by its administrator.`, '', 'If this was not expected, talk to its other administrators or to support.'].join('\n'),
    }),
  ];
  if (!wasAdministrator) return ids;
  const actorId = actingUserId(actor);
  const administrators = await tx.organisationMember.findMany({
    where: { organisationId, role: 'ADMINISTRATOR', userId: { notIn: [userId, ...(actorId ? [actorId] : [])] } },
    select: { user: { select: { email: true } } },
  });
  for (const administrator of administrators) {
    ids.push(
      await queueEmail(tx, {
        brand,
        to: administrator.user.email,
        subject: `${email} is no longer an administrator of "${name}"`,
        body: [`The administrator ${email} ${what} of "${name}".`, '', 'If this was not expected, talk to your fellow administrators.'].join('\n'),
      }),
    );
  }
  return ids;
}

/** The member's role now, or MEMBER_NOT_FOUND: read before the change to choose what it asks. */
async function roleOf(organisationId: string, userId: string): Promise<OrganisationRole> {
  const membership = await prisma.organisationMember.findUnique({ where: { userId }, select: { organisationId: true, role: true } });
  if (!membership || membership.organisationId !== organisationId) throw new AppError('MEMBER_NOT_FOUND');
  return membership.role;
}

/**
 * Under the lock, the membership as it is now. Made an administrator since it was first read, it
 * would lose that role without the code this request never asked for: refused, nothing changes.
 */
async function lockedMembership(
  tx: Tx,
  { organisationId, userId, losesAdministrator, askedCode }: { organisationId: string; userId: string; losesAdministrator: boolean; askedCode: boolean },
): Promise<{ role: OrganisationRole }> {
  const found = await tx.organisationMember.findUnique({ where: { userId }, select: { organisationId: true, role: true } });
  if (!found || found.organisationId !== organisationId) throw new AppError('MEMBER_NOT_FOUND');
  if (found.role === 'ADMINISTRATOR' && losesAdministrator && !askedCode) throw new AppError('REAUTH_REQUIRED');
  return found;
}

/**
 * Removes a member: an administrator removes anyone, a member may leave by itself. The last
 * administrator cannot leave (nor be removed): someone must be able to manage the pool. Removing
 * another administrator asks for the acting administrator's recent second factor (or `code`), and
 * the removed mailbox (and, for an administrator, the other administrators) is e-mailed.
 */
export async function removeMember({
  actor,
  organisationId,
  userId,
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  userId: string;
  code?: TSecondFactorCode | null;
}): Promise<void> {
  const leaving = actingUserId(actor) === userId;
  await authorize(actor, leaving ? 'organisation.leave' : 'organisation.manage', { organisationId });
  const role = await roleOf(organisationId, userId);
  const asksCode = role === 'ADMINISTRATOR' && !leaving;
  if (asksCode) {
    // The other refusal first, so a removal that cannot happen costs no backup code.
    const administrators = await prisma.organisationMember.count({ where: { organisationId, role: 'ADMINISTRATOR' } });
    if (administrators <= 1) throw new AppError('LAST_ADMINISTRATOR');
    await reauthenticateInOrganisation({ actor, code });
  }
  const messageIds = await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const found = await lockedMembership(tx, { organisationId, userId, losesAdministrator: !leaving, askedCode: asksCode });
    await tx.organisationMember.delete({ where: { userId } });
    await assertAdministratorLeft(tx, organisationId);
    await cancelRequestsBy(tx, { organisationId, userId, actor });
    const withdrawn = found.role === 'ADMINISTRATOR' ? await cancelInvitationsBy(tx, { organisationId, userId, actor }) : [];
    await recordAuditEvent(tx, { type: 'organisation.member_removed', actor, subjectId: userId, detail: { organisationId, left: leaving } });
    if (leaving) return withdrawn;
    return [...withdrawn, ...(await tellOfChange(tx, { actor, organisationId, userId, wasAdministrator: found.role === 'ADMINISTRATOR', what: 'was removed from the account' }))];
  });
  await deliverMessages(messageIds);
}

/**
 * Makes a member an administrator, a business's billing contact, or a member again; the last
 * administrator stays one. Giving a trusted role needs a mailbox with a second factor, and giving
 * it or taking the administrator's role away asks for the acting administrator's recent second
 * factor (or `code`), checked after every other refusal so a change that cannot happen costs no
 * backup code. An administrator set aside keeps counting as one for member resets for 24 hours
 * (`demotedAt`), and hears of it with the other administrators; any reset it asked for ends.
 */
export async function setMemberRole({
  actor,
  organisationId,
  userId,
  role,
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  userId: string;
  role: OrganisationRole;
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  await assertRoleFitsKind(organisationId, role);
  const current = await roleOf(organisationId, userId);
  const demotesAdministrator = current === 'ADMINISTRATOR' && role !== 'ADMINISTRATOR';
  if (isTrustedRole(role)) await assertHasSecondFactor(userId);
  if (demotesAdministrator) {
    const administrators = await prisma.organisationMember.count({ where: { organisationId, role: 'ADMINISTRATOR' } });
    if (administrators <= 1) throw new AppError('LAST_ADMINISTRATOR');
  }
  const asksCode = isTrustedRole(role) || demotesAdministrator;
  if (asksCode) await reauthenticateInOrganisation({ actor, code });
  const messageIds = await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const found = await lockedMembership(tx, { organisationId, userId, losesAdministrator: role !== 'ADMINISTRATOR', askedCode: asksCode });
    if (found.role === role) return [];
    const demotes = found.role === 'ADMINISTRATOR';
    await tx.organisationMember.update({ where: { userId }, data: { role, ...(demotes ? { demotedAt: new Date() } : {}) } });
    await assertAdministratorLeft(tx, organisationId);
    if (demotes) await cancelRequestsBy(tx, { organisationId, userId, actor });
    const withdrawn = demotes ? await cancelInvitationsBy(tx, { organisationId, userId, actor }) : [];
    await recordAuditEvent(tx, { type: 'organisation.member_role_changed', actor, subjectId: userId, detail: { organisationId, role } });
    return [...withdrawn, ...(await tellOfChange(tx, { actor, organisationId, userId, wasAdministrator: demotes, what: `was made ${organisationRoleWithArticle(role)}` }))];
  });
  await deliverMessages(messageIds);
}

/** An administrator or billing contact holds others' security and the pool's money: a password alone is not enough. */
async function assertHasSecondFactor(userId: string): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: MFA_STATE_SELECT });
  if (!user || !isMfaEnabled(user)) throw new AppError('MEMBER_NEEDS_TWO_FACTOR');
}
