import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisation the console names by id or by its exact name (refused when a name is shared). */
export async function findOrganisation(idOrName: string): Promise<{ id: string; name: string }> {
  const value = idOrName.trim();
  if (UUID.test(value)) {
    const byId = await prisma.organisation.findUnique({ where: { id: value }, select: { id: true, name: true } });
    if (byId) return byId;
  }
  const byName = await prisma.organisation.findMany({ where: { name: value }, select: { id: true, name: true }, take: 2 });
  if (byName.length > 1) throw new AppError('ORGANISATION_NAME_AMBIGUOUS');
  if (!byName[0]) throw new AppError('ORGANISATION_NOT_FOUND');
  return byName[0];
}

/** The organisation a mailbox belongs to, with its role there, or null. */
export function readMembership(userId: string) {
  return prisma.organisationMember.findUnique({
    where: { userId },
    select: { role: true, organisation: { select: { id: true, name: true, kind: true, allowSmsLogins: true, creditBalance: true } } },
  });
}
