import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { lockOrganisation } from './change-membership';

/**
 * An administrator withdraws an invitation it still lists (open or declined: the list does not
 * tell them apart, so neither does this). A mailbox that was e-mailed the invitation is told.
 */
export async function cancelInvitation({ actor, organisationId, invitationId }: { actor: Actor; organisationId: string; invitationId: string }): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  const messageIds = await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const invitation = await tx.organisationInvitation.findFirst({
      where: { id: invitationId, organisationId, status: { in: ['PENDING', 'DECLINED'] } },
      select: { status: true, organisation: { select: { name: true } }, user: { select: { id: true, email: true } } },
    });
    if (!invitation) throw new AppError('INVITATION_NOT_FOUND');
    await tx.organisationInvitation.update({ where: { id: invitationId }, data: { status: 'CANCELLED', answeredAt: new Date() } });
    await recordAuditEvent(tx, {
      type: 'organisation.invitation_cancelled',
      actor,
      subjectId: invitation.user?.id ?? null,
      detail: { organisationId, invitationId },
    });
    if (!invitation.user || invitation.status !== 'PENDING') return [];
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    return [
      await queueEmail(tx, {
        brand,
        to: invitation.user.email,
        subject: `The invitation to "${invitation.organisation.name}" was withdrawn`,
        body: `The administrators of "${invitation.organisation.name}" withdrew their invitation. Nothing about your mailbox changed.`,
      }),
    ];
  });
  // After the answer, as when inviting: the time taken must not say whether a mailbox was told.
  void deliverMessages(messageIds).catch((error: unknown) => console.error('Invitation e-mail not delivered:', error));
}
