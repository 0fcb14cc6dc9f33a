import { actingUserId } from '@/lib/core/actor';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getEnv } from '@/lib/config/env';
import type { OrganisationRole } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { lockOrganisation } from './change-membership';
import { createInvitationToken, INVITATION_DAYS } from './invitation-token';
import { organisationKindWord } from './organisation-schema';
import { assertRoleFitsKind, isTrustedRole, organisationRoleWithArticle } from './organisation-roles';

/** Invitations one organisation may send in any 24 hours: enough for a family or a small business, too few to probe a brand. */
export const INVITATIONS_PER_DAY = 50;

/**
 * Invites a mailbox to the organisation. The administrator always gets the same answer, whether
 * the address is unknown, another brand's, already in this or another organisation, or eligible:
 * a row is written for every address typed (the pending list shows what was typed, nothing more),
 * and only an eligible mailbox (the organisation's brand, in no organisation) is bound to it and
 * e-mailed a link. Nothing about the mailbox changes until it accepts. Inviting the same address
 * again replaces the open invitation.
 */
export async function inviteMember({
  actor,
  organisationId,
  email,
  role = 'MEMBER',
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  email: string;
  role?: OrganisationRole;
  /** The administrator's current code, when inviting an administrator or billing contact and its last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<void> {
  const organisation = await authorize(actor, 'organisation.manage', { organisationId });
  if (organisation === 'platform') throw new AppError('FORBIDDEN');
  const address = ZEmailSchema.safeParse(email);
  if (!address.success) throw new AppError('INVALID_INPUT', { fieldErrors: { email: address.error.issues.map((issue) => issue.message) } });
  await assertRoleFitsKind(organisationId, role);
  // Asked whatever the address turns out to be, so the question itself says nothing about it.
  if (isTrustedRole(role)) await reauthenticateInOrganisation({ actor, code });
  const user = await prisma.user.findUnique({
    where: { email: address.data },
    select: { id: true, email: true, brandId: true, organisationMembership: { select: { organisationId: true } } },
  });
  const invitee = user && user.brandId === organisation.brandId && !user.organisationMembership ? user : null;
  const { token, tokenHash } = createInvitationToken();
  const now = new Date();
  const messageIds = await prisma.$transaction(async (tx) => {
    // Counted under the organisation's lock, so parallel invitations cannot pass the cap together.
    await lockOrganisation(tx, organisationId);
    const sentToday = await tx.organisationInvitation.count({
      where: { organisationId, createdAt: { gt: new Date(now.getTime() - 24 * 3600 * 1000) } },
    });
    if (sentToday >= INVITATIONS_PER_DAY) throw new AppError('INVITATIONS_LIMIT');
    await tx.organisationInvitation.updateMany({
      where: { organisationId, email: address.data, status: { in: ['PENDING', 'DECLINED'] } },
      data: { status: 'CANCELLED', answeredAt: now },
    });
    const invitation = await tx.organisationInvitation.create({
      data: {
        organisationId,
        email: address.data,
        userId: invitee?.id ?? null,
        role,
        // Who sent it: removing or demoting that administrator withdraws it (cancelInvitationsBy).
        invitedById: actingUserId(actor),
        tokenHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000),
      },
      select: { id: true, expiresAt: true, organisation: { select: { name: true, kind: true } } },
    });
    await recordAuditEvent(tx, {
      type: 'organisation.invitation_sent',
      actor,
      subjectId: invitee?.id ?? null,
      detail: { organisationId, invitationId: invitation.id, role, email: address.data },
    });
    if (!invitee) return [];
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const kind = organisationKindWord(invitation.organisation.kind).toLowerCase();
    const link = new URL(`/org/invitation?token=${token}`, getEnv().GATEHOUSE_URL).toString();
    const id = await queueEmail(tx, {
      brand,
      to: invitee.email,
      subject: `You are invited to join the ${kind} account "${invitation.organisation.name}"`,
      body: [
        `You are invited to join the ${kind} account "${invitation.organisation.name}" as ${organisationRoleWithArticle(role)}.`,
        '',
        'Nothing changes for your mailbox unless you accept. If you accept, its administrators will see whether your',
        'two-factor authentication is on (never your phones or codes), and they decide whether your sign-in codes may',
        'come by text or call, paid from its SMS credits. You can leave it at any time.',
        '',
        `To answer, sign in and open this link (it works once, only for ${invitee.email}, until ${invitation.expiresAt.toUTCString()}):`,
        link,
        '',
        'The invitation is also shown on your Account Security page. If you do not know this account, decline it or ignore this e-mail.',
      ].join('\n'),
    });
    return [id];
  });
  // Delivered after the answer, not before it: waiting for the provider only when a mailbox was
  // eligible would tell the administrator, by the time taken, what the answer does not.
  void deliverMessages(messageIds).catch((error: unknown) => console.error('Invitation e-mail not delivered:', error));
}
