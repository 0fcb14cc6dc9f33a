import type { OrganisationRole } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/**
 * Roles that hand someone the members' security (an administrator) or the pool's money (a billing
 * contact): giving one, by invitation or by promotion, asks for the giver's recent second factor.
 */
export function isTrustedRole(role: OrganisationRole): boolean {
  return role === 'ADMINISTRATOR' || role === 'BILLING';
}

/** A family has administrators and members; only a business has a billing contact. */
export async function assertRoleFitsKind(organisationId: string, role: OrganisationRole): Promise<void> {
  if (role !== 'BILLING') return;
  const { kind } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { kind: true } });
  if (kind !== 'BUSINESS') throw new AppError('BILLING_ONLY_FOR_BUSINESS');
}

/** How the pages and e-mails name a role. */
export function organisationRoleWord(role: OrganisationRole): string {
  return role === 'ADMINISTRATOR' ? 'Administrator' : role === 'BILLING' ? 'Billing' : 'Member';
}

/** The role with its article, for sentences: "as an administrator". */
export function organisationRoleWithArticle(role: OrganisationRole): string {
  return role === 'ADMINISTRATOR' ? 'an administrator' : role === 'BILLING' ? 'a billing contact' : 'a member';
}
