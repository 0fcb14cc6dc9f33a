import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { lockOrganisation } from './change-membership';
import { resetInFrame } from './reset-member-two-factor';

/**
 * A second administrator confirms another administrator's reset of a third (or second) one: the
 * reset then happens as resetMemberTwoFactor's does, with this administrator as the actor and the
 * requester's reason, the request marked confirmed in the same transaction (a conditional update,
 * so two confirmations cannot both reset). Never the administrator who asked, never after 24 hours.
 */
export async function confirmMemberReset({
  actor,
  organisationId,
  requestId,
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  requestId: string;
  code?: TSecondFactorCode | null;
}): Promise<{ removed: string[] }> {
  await authorize(actor, 'organisation.manage', { organisationId });
  const actorId = actingUserId(actor);
  const request = await findWaitingRequest({ organisationId, requestId });
  if (request.requestedById === actorId) throw new AppError('MEMBER_RESET_SECOND_ADMINISTRATOR');
  if (request.memberId === actorId) throw new AppError('MEMBER_RESET_OWN_ACCOUNT');
  // Asked by one who is no longer an administrator here (removed or set aside, perhaps as the one
  // who was not who they seemed): the request ends rather than waiting for a confirmation.
  if (request.requestedById && !(await isAdministratorOf(prisma, organisationId, request.requestedById))) {
    await cancelRequest({ actor, organisationId, requestId });
    throw new AppError('MEMBER_RESET_REQUEST_NOT_FOUND');
  }
  const removed = await resetInFrame({
    actor,
    organisationId,
    userId: request.memberId,
    reason: request.reason,
    code,
    expectAdministrator: true,
    confirm: async (tx) => {
      // Again under the organisation's lock: demoting or removing the requester cancels its requests.
      if (request.requestedById && !(await isAdministratorOf(tx, organisationId, request.requestedById))) throw new AppError('MEMBER_RESET_REQUEST_NOT_FOUND');
      const { count } = await tx.organisationResetRequest.updateMany({
        where: { id: requestId, organisationId, status: 'PENDING', expiresAt: { gt: new Date() }, NOT: { requestedById: actorId } },
        data: { status: 'CONFIRMED', answeredById: actorId, answeredAt: new Date() },
      });
      if (count !== 1) throw new AppError('MEMBER_RESET_REQUEST_NOT_FOUND');
    },
  });
  return { removed };
}

/** Any administrator, the one who asked included, withdraws a waiting reset; nothing else changes. */
export async function cancelMemberReset({ actor, organisationId, requestId }: { actor: Actor; organisationId: string; requestId: string }): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  await cancelRequest({ actor, organisationId, requestId });
}

async function cancelRequest({ actor, organisationId, requestId }: { actor: Actor; organisationId: string; requestId: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const now = new Date();
    const request = await tx.organisationResetRequest.findFirst({
      where: { id: requestId, organisationId, status: 'PENDING', expiresAt: { gt: now } },
      select: { memberId: true },
    });
    if (!request) throw new AppError('MEMBER_RESET_REQUEST_NOT_FOUND');
    await tx.organisationResetRequest.update({ where: { id: requestId }, data: { status: 'CANCELLED', answeredById: actingUserId(actor), answeredAt: now } });
    await recordAuditEvent(tx, { type: 'organisation.member_reset_cancelled', actor, subjectId: request.memberId, detail: { organisationId, requestId } });
  });
}

async function isAdministratorOf(db: Pick<Tx, 'organisationMember'>, organisationId: string, userId: string): Promise<boolean> {
  const membership = await db.organisationMember.findUnique({ where: { userId }, select: { organisationId: true, role: true } });
  return membership?.organisationId === organisationId && membership.role === 'ADMINISTRATOR';
}

async function findWaitingRequest({ organisationId, requestId }: { organisationId: string; requestId: string }) {
  // Another organisation's request reads as no request at all.
  const request = await prisma.organisationResetRequest.findFirst({
    where: { id: requestId, organisationId, status: 'PENDING', expiresAt: { gt: new Date() } },
    select: { memberId: true, requestedById: true, reason: true },
  });
  if (!request) throw new AppError('MEMBER_RESET_REQUEST_NOT_FOUND');
  return request;
}
