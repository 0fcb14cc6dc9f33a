import type { Actor } from '@/lib/core/actor';
import { brandsInScope } from '@/lib/core/authorize';
import type { OrganisationKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { MAX_SEARCH_LENGTH } from './find-mailboxes';

const MAX_RESULTS = 50;

export type FoundOrganisation = { id: string; name: string; kind: OrganisationKind; brandName: string; members: number; creditBalance: number };

/**
 * The support console's search for family and business accounts: part of the name ("smith"), or
 * part of a member's address ("anna@", "acme.example"), only ever within the brands whose
 * organisations the staff member may see. One outside them is not found, exactly like one that
 * does not exist; invitations not yet accepted are no membership and are never searched.
 */
export async function findOrganisations({ actor, query }: { actor: Actor; query: string }): Promise<{ organisations: FoundOrganisation[]; isTruncated: boolean }> {
  const q = query.trim();
  if (q.length === 0) throw new AppError('ORGANISATION_SEARCH_EMPTY');
  if (q.length > MAX_SEARCH_LENGTH) throw new AppError('SEARCH_QUERY_TOO_LONG');
  const scope = brandsInScope(actor, 'organisation.view');
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN');
  const rows = await prisma.organisation.findMany({
    where: {
      OR: [{ name: { contains: q, mode: 'insensitive' } }, { members: { some: { user: { email: { contains: q.toLowerCase() } } } } }],
      ...(scope === 'all' ? {} : { brandId: { in: scope } }),
    },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: MAX_RESULTS + 1,
    select: { id: true, name: true, kind: true, creditBalance: true, brand: { select: { name: true } }, _count: { select: { members: true } } },
  });
  return {
    organisations: rows.slice(0, MAX_RESULTS).map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      brandName: row.brand.name,
      members: row._count.members,
      creditBalance: row.creditBalance,
    })),
    isTruncated: rows.length > MAX_RESULTS,
  };
}
