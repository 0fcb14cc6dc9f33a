import { prisma } from '@/lib/db/prisma';
import { hashInvitationToken, isInvitationTokenShaped } from './invitation-token';

const OWN_INVITATION_SELECT = {
  id: true,
  role: true,
  expiresAt: true,
  organisation: { select: { name: true, kind: true } },
} as const;

/**
 * The open invitations bound to this mailbox, for the notice on its security page; none while it
 * belongs to an organisation (it would have to leave first, and accepting would be refused).
 */
export async function listOwnInvitations({ userId }: { userId: string }) {
  const membership = await prisma.organisationMember.findUnique({ where: { userId }, select: { organisationId: true } });
  if (membership) return [];
  return prisma.organisationInvitation.findMany({
    where: { userId, status: 'PENDING', expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: OWN_INVITATION_SELECT,
  });
}

export type OwnInvitation = Awaited<ReturnType<typeof listOwnInvitations>>[number];

/**
 * The invitation a link's token names, only when it is open and bound to this signed-in mailbox:
 * another mailbox opening the link gets null, exactly as for a used, expired or made-up token.
 */
export async function findOwnInvitationByToken({ userId, token }: { userId: string; token: string }): Promise<OwnInvitation | null> {
  if (!isInvitationTokenShaped(token)) return null;
  return prisma.organisationInvitation.findFirst({
    where: { tokenHash: hashInvitationToken(token), userId, status: 'PENDING', expiresAt: { gt: new Date() } },
    select: OWN_INVITATION_SELECT,
  });
}
