import type { Actor } from '@/lib/core/actor';
import { authorize, refusalOf } from '@/lib/core/authorize';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { listCreditHistory, type CreditHistoryRow } from '@/lib/credits/list-credit-history';
import type { OrganisationKind, OrganisationRole } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';

const HISTORY_ROWS = 50;

export type OrganisationForStaff = {
  id: string;
  name: string;
  kind: OrganisationKind;
  brand: { id: string; name: string };
  allowSmsLogins: boolean;
  creditBalance: number;
  members: Array<{ id: string; email: string; role: OrganisationRole; isMfaEnabled: boolean; since: Date }>;
  pendingInvitations: number;
  history: CreditHistoryRow[];
  /** Whether this staff member may adjust the balance (platform support and administrators only). */
  mayAdjustCredits: boolean;
};

/**
 * One organisation as the support console shows it: its members with their roles and whether
 * their two-factor authentication is on (never their factors), the balance and the latest history.
 * Only within the staff member's brands; another brand's organisation is refused like one that
 * does not exist. Reading changes nothing; what staff may change is decided again by the verbs.
 */
export async function readOrganisationForStaff({ actor, organisationId }: { actor: Actor; organisationId: string }): Promise<OrganisationForStaff> {
  const subject = await authorize(actor, 'organisation.view', { organisationId });
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      id: true,
      name: true,
      kind: true,
      allowSmsLogins: true,
      creditBalance: true,
      brand: { select: { id: true, name: true } },
      members: { orderBy: { createdAt: 'asc' }, select: { role: true, createdAt: true, user: { select: { id: true, email: true, ...MFA_STATE_SELECT } } } },
      _count: { select: { invitations: { where: { status: 'PENDING' } } } },
    },
  });
  return {
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    brand: organisation.brand,
    allowSmsLogins: organisation.allowSmsLogins,
    creditBalance: organisation.creditBalance,
    members: organisation.members.map((member) => ({
      id: member.user.id,
      email: member.user.email,
      role: member.role,
      isMfaEnabled: isMfaEnabled(member.user),
      since: member.createdAt,
    })),
    pendingInvitations: organisation._count.invitations,
    history: await listCreditHistory({ actor, organisationId, take: HISTORY_ROWS }),
    mayAdjustCredits: refusalOf(actor, 'credits.adjust', subject) === null,
  };
}
