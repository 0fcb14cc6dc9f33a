import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { assertAdministratorLeft, cancelInvitationsBy, lockOrganisation } from './change-membership';

/**
 * A member leaves by itself; from then on the organisation sees nothing of it and decides nothing
 * for it. The last administrator cannot leave (counted under the organisation's lock). The mailbox
 * and the remaining administrators are e-mailed.
 */
export async function leaveOrganisation({ actor, organisationId }: { actor: Actor; organisationId: string }): Promise<void> {
  const userId = actingUserId(actor);
  if (!userId) throw new AppError('FORBIDDEN');
  await authorize(actor, 'organisation.leave', { organisationId });
  const messageIds = await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const membership = await tx.organisationMember.findUnique({ where: { userId }, select: { organisationId: true, role: true } });
    const removed = await tx.organisationMember.deleteMany({ where: { organisationId, userId } });
    if (removed.count === 0) throw new AppError('MEMBER_NOT_FOUND');
    await assertAdministratorLeft(tx, organisationId);
    // An administrator that leaves takes its open invitations with it.
    const withdrawn = membership?.role === 'ADMINISTRATOR' ? await cancelInvitationsBy(tx, { organisationId, userId, actor }) : [];
    await recordAuditEvent(tx, { type: 'organisation.member_removed', actor, subjectId: userId, detail: { organisationId, left: true } });
    const organisation = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true, members: { where: { role: 'ADMINISTRATOR' }, select: { user: { select: { email: true } } } } },
    });
    const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const ids = [
      await queueEmail(tx, {
        brand,
        to: email,
        subject: `You left "${organisation.name}"`,
        body: `Your mailbox ${email} left "${organisation.name}". Its administrators no longer see anything about it, and its sign-in codes are no longer paid from that account's SMS credits.`,
      }),
    ];
    for (const administrator of organisation.members) {
      ids.push(await queueEmail(tx, { brand, to: administrator.user.email, subject: `${email} left "${organisation.name}"`, body: `${email} left "${organisation.name}".` }));
    }
    return [...ids, ...withdrawn];
  });
  await deliverMessages(messageIds);
}
