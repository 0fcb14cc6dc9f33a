import { selfActor } from '@/lib/core/actor';
import { refusalOf, resolveSubject } from '@/lib/core/authorize';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { buyingMode } from '@/lib/credits/stripe-client';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

/**
 * What /org shows the signed-in mailbox: for an administrator, the organisation with its members
 * and their two-factor state (never their factors), preferences and balance; for a member, only its
 * own texts and calls paid from the pool. Null when the mailbox belongs to no organisation.
 */
export async function readOrganisationHome({ current, request }: { current: CurrentSession; request: RequestContext }) {
  const membership = await prisma.organisationMember.findUnique({
    where: { userId: current.user.id },
    select: { role: true, organisationId: true },
  });
  if (!membership) return null;
  const subject = await resolveSubject({ organisationId: membership.organisationId });
  const actor = selfActor(current, request);
  const isAdministrator = refusalOf(actor, 'organisation.view', subject) === null;
  // An administrator, or a business's billing contact: the balance, buying and the history.
  const mayViewCredits = refusalOf(actor, 'credits.view', subject) === null;
  // An administrator or billing contact without a second factor of its own may look, and is told
  // to enrol before it changes anything (authorize refuses it every change).
  const needsTwoFactor = refusalOf(actor, 'credits.buy', subject) === 'TRUSTED_ROLE_NEEDS_TWO_FACTOR';
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: membership.organisationId },
    select: {
      id: true,
      name: true,
      kind: true,
      allowSmsLogins: true,
      creditBalance: true,
      lastPurchaseCredits: true,
    },
  });
  // Only administrators see the members, and of them only the two-factor state. A mailbox is a
  // member only once it accepted an invitation: before that nothing of it is read here.
  const members = isAdministrator
    ? await prisma.organisationMember.findMany({
        where: { organisationId: organisation.id },
        orderBy: { createdAt: 'asc' },
        select: { role: true, user: { select: { id: true, email: true, ...MFA_STATE_SELECT } } },
      })
    : [];
  // Open invitations as the administrator typed them: the address, never whether it is a mailbox,
  // nor whether it was declined (a declined one stays listed until it expires or is cancelled).
  const invitations = isAdministrator
    ? await prisma.organisationInvitation.findMany({
        where: { organisationId: organisation.id, status: { in: ['PENDING', 'DECLINED'] }, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
      })
    : [];
  const ownTexts = await prisma.creditLedgerEntry.findMany({
    where: { organisationId: organisation.id, memberId: current.user.id, kind: { in: ['DEBIT', 'REFUND'] } },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, createdAt: true, kind: true, channel: true, credits: true },
  });
  return {
    role: membership.role,
    isAdministrator,
    mayViewCredits,
    needsTwoFactor,
    organisation: {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      allowSmsLogins: organisation.allowSmsLogins,
      creditBalance: organisation.creditBalance,
    },
    members: members.map((member) => ({
      userId: member.user.id,
      email: member.user.email,
      role: member.role,
      isMfaEnabled: isMfaEnabled(member.user),
    })),
    invitations,
    /** Whether "Buy SMS Credits" exists: SMS logins allowed, and a way to pay (or the development test purchase). */
    buying: organisation.allowSmsLogins && !needsTwoFactor && buyingMode() !== 'off' ? buyingMode() : null,
    ownTexts,
  };
}

export type OrganisationHome = NonNullable<Awaited<ReturnType<typeof readOrganisationHome>>>;
