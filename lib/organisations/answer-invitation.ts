import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { lockOrganisation } from './change-membership';
import { organisationKindWord } from './organisation-schema';
import { assertNotOnlyPhoneCodes } from './member-factors';
import { isTrustedRole, organisationRoleWithArticle } from './organisation-roles';

/**
 * The invited mailbox itself, signed in with a full session: a restricted login, staff acting on
 * someone else, the console or another mailbox are refused. An invitation bound to another mailbox
 * (or to none) looks exactly like one that does not exist.
 */
async function authorizeAnswer(actor: Actor): Promise<string> {
  const userId = actingUserId(actor);
  if (!userId || actor.kind !== 'self') throw new AppError('FORBIDDEN');
  await authorize(actor, 'organisation_invitation.answer', { userId });
  return userId;
}

/** The organisation of an open invitation of this mailbox, or INVITATION_NOT_FOUND. */
async function openInvitationOf(userId: string, invitationId: string): Promise<string> {
  const found = await prisma.organisationInvitation.findFirst({
    where: { id: invitationId, userId, status: 'PENDING', expiresAt: { gt: new Date() } },
    select: { organisationId: true },
  });
  if (!found) throw new AppError('INVITATION_NOT_FOUND');
  return found.organisationId;
}

/**
 * Claims the invitation with a conditional update: of two answers racing for it, one finds it
 * PENDING and the other finds nothing, so one invitation makes at most one membership.
 */
async function claim(tx: Tx, { userId, invitationId, status }: { userId: string; invitationId: string; status: 'ACCEPTED' | 'DECLINED' }) {
  const now = new Date();
  const claimed = await tx.organisationInvitation.updateMany({
    where: { id: invitationId, userId, status: 'PENDING', expiresAt: { gt: now } },
    data: { status, answeredAt: now },
  });
  if (claimed.count !== 1) throw new AppError('INVITATION_NOT_FOUND');
  return tx.organisationInvitation.findUniqueOrThrow({
    where: { id: invitationId },
    select: {
      role: true,
      invitedById: true,
      organisationId: true,
      organisation: { select: { name: true, kind: true, brandId: true } },
      user: { select: { email: true, brandId: true } },
    },
  });
}

function idValue(invitationId: string): string {
  // An id that is not a uuid cannot name an invitation: the same answer as one that is not ours.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(invitationId)) throw new AppError('INVITATION_NOT_FOUND');
  return invitationId;
}

/**
 * The invited mailbox joins: only now does the organisation see it (its two-factor state) and
 * decide for it (whether its codes may come by text or call). A mailbox whose only second factors
 * are phone codes is refused (it would be locked out), and so is a trusted role without any second
 * factor. The mailbox and the administrators are e-mailed.
 */
export async function acceptInvitation({ actor, invitationId }: { actor: Actor; invitationId: string }): Promise<{ organisationId: string; name: string }> {
  const userId = await authorizeAnswer(actor);
  const organisationId = await openInvitationOf(userId, idValue(invitationId));
  try {
    const { messageIds, name } = await prisma.$transaction(async (tx) => {
      await lockOrganisation(tx, organisationId);
      const invitation = await claim(tx, { userId, invitationId, status: 'ACCEPTED' });
      const { organisation, user } = invitation;
      // The mailbox moved to another brand since it was invited: an organisation holds only its own brand's.
      if (!user || user.brandId !== organisation.brandId) throw new AppError('INVITATION_NOT_FOUND');
      // Sent by an administrator that is one no longer (read under the organisation's lock, which
      // removal and demotion take too): what it offered is not the organisation's to give. An
      // invitation from before the sender was recorded has none, and stays acceptable.
      if (invitation.invitedById) {
        const sender = await tx.organisationMember.findUnique({ where: { userId: invitation.invitedById }, select: { organisationId: true, role: true } });
        if (sender?.organisationId !== organisationId || sender.role !== 'ADMINISTRATOR') throw new AppError('INVITATION_NOT_FOUND');
      }
      // Read under the claim: a mailbox that cannot sign in under the organisation's rules, or one
      // with only a password taking a trusted role, does not join (and the invitation stays open).
      const factors = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT });
      if (isTrustedRole(invitation.role) && !isMfaEnabled(factors)) throw new AppError('ORGANISATION_NEEDS_TWO_FACTOR');
      assertNotOnlyPhoneCodes(factors);
      // The membership's key is the mailbox: already in an organisation, this fails and the claim rolls back.
      await tx.organisationMember.create({ data: { userId, organisationId, role: invitation.role } });
      await recordAuditEvent(tx, {
        type: 'organisation.invitation_accepted',
        actor,
        subjectId: userId,
        detail: { organisationId, invitationId, role: invitation.role },
      });
      const kind = organisationKindWord(organisation.kind).toLowerCase();
      const brand = await readOrganisationMessageBrand(tx, { organisationId });
      const ids = [
        await queueEmail(tx, {
          brand,
          to: user.email,
          subject: `You joined the ${kind} account "${organisation.name}"`,
          body: [
            `Your mailbox ${user.email} is now ${organisationRoleWithArticle(invitation.role)} of the ${kind} account "${organisation.name}".`,
            '',
            'Its administrators see whether your two-factor authentication is on (never your phones or codes), and',
            'when they allow SMS two-factor logins, the texts and calls that bring your sign-in codes are paid from its SMS credits.',
            'You can leave it at any time from its page. If this was not you, leave it and change your password.',
          ].join('\n'),
        }),
      ];
      const administrators = await tx.organisationMember.findMany({
        where: { organisationId, role: 'ADMINISTRATOR', userId: { not: userId } },
        select: { user: { select: { email: true } } },
      });
      for (const administrator of administrators) {
        ids.push(
          await queueEmail(tx, {
            brand,
            to: administrator.user.email,
            subject: `${user.email} joined "${organisation.name}"`,
            body: `${user.email} accepted the invitation and is now ${organisationRoleWithArticle(invitation.role)} of the ${kind} account "${organisation.name}".`,
          }),
        );
      }
      return { messageIds: ids, name: organisation.name };
    });
    await deliverMessages(messageIds);
    return { organisationId, name };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('MEMBER_IN_OTHER_ORGANISATION');
    throw error;
  }
}

/**
 * The invited mailbox says no. The administrators are not told: their pending list keeps showing
 * the address as typed until it expires or they cancel it, as it would for an address that is not
 * a mailbox at all.
 */
export async function declineInvitation({ actor, invitationId }: { actor: Actor; invitationId: string }): Promise<void> {
  const userId = await authorizeAnswer(actor);
  await openInvitationOf(userId, idValue(invitationId));
  const messageIds = await prisma.$transaction(async (tx) => {
    const { organisation, user, organisationId } = await claim(tx, { userId, invitationId, status: 'DECLINED' });
    await recordAuditEvent(tx, { type: 'organisation.invitation_declined', actor, subjectId: userId, detail: { organisationId, invitationId } });
    if (!user) return [];
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const kind = organisationKindWord(organisation.kind).toLowerCase();
    return [
      await queueEmail(tx, {
        brand,
        to: user.email,
        subject: `You declined the invitation to "${organisation.name}"`,
        body: `You declined the invitation to join the ${kind} account "${organisation.name}". Nothing about your mailbox changed, and its administrators were not told.`,
      }),
    ];
  });
  await deliverMessages(messageIds);
}
