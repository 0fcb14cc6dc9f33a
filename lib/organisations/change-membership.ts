import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { OrganisationRole } from '@/lib/db/generated/enums';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { assertRoleFitsKind, isTrustedRole } from './organisation-roles';

/** Membership changes of one organisation run one at a time: its row is locked first. */
export async function lockOrganisation(tx: Tx, organisationId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE "id" = ${organisationId}::uuid FOR UPDATE`;
}

/** After the change, is an administrator left? Counted under the lock, so two leaving at once cannot both go. */
export async function assertAdministratorLeft(tx: Tx, organisationId: string): Promise<void> {
  const administrators = await tx.organisationMember.count({ where: { organisationId, role: 'ADMINISTRATOR' } });
  if (administrators === 0) throw new AppError('LAST_ADMINISTRATOR');
}

/**
 * Removes a member: an administrator removes anyone, a member may leave by itself. The last
 * administrator cannot leave (nor be removed): someone must be able to manage the pool.
 */
export async function removeMember({ actor, organisationId, userId }: { actor: Actor; organisationId: string; userId: string }): Promise<void> {
  const leaving = actingUserId(actor) === userId;
  await authorize(actor, leaving ? 'organisation.leave' : 'organisation.manage', { organisationId });
  await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const removed = await tx.organisationMember.deleteMany({ where: { organisationId, userId } });
    if (removed.count === 0) throw new AppError('MEMBER_NOT_FOUND');
    await assertAdministratorLeft(tx, organisationId);
    await recordAuditEvent(tx, { type: 'organisation.member_removed', actor, subjectId: userId, detail: { organisationId, left: leaving } });
  });
}

/**
 * Makes a member an administrator, a business's billing contact, or a member again; the last
 * administrator stays one. Giving a trusted role asks for the administrator's recent second factor
 * (or `code`), checked after every other refusal so a change that cannot happen costs no backup code.
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
  if (isTrustedRole(role)) await reauthenticateInOrganisation({ actor, code });
  await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const changed = await tx.organisationMember.updateMany({ where: { organisationId, userId }, data: { role } });
    if (changed.count === 0) throw new AppError('MEMBER_NOT_FOUND');
    await assertAdministratorLeft(tx, organisationId);
    await recordAuditEvent(tx, { type: 'organisation.member_role_changed', actor, subjectId: userId, detail: { organisationId, role } });
  });
}
