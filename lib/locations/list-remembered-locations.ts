import type { LocationKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { countryName } from '@/lib/geo/country-name';

export type RememberedLocationView = { id: string; kind: LocationKind; label: string; lastUsedAt: Date; secondFactorAt: Date };

/** What a mailbox remembers (only locations where a second factor was passed), most recent first. */
export async function listRememberedLocations({ userId }: { userId: string }): Promise<RememberedLocationView[]> {
  const rows = await prisma.rememberedLocation.findMany({
    where: { userId, secondFactorAt: { not: null } },
    orderBy: [{ kind: 'asc' }, { lastUsedAt: 'desc' }],
    select: { id: true, kind: true, value: true, lastUsedAt: true, secondFactorAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    label: row.kind === 'COUNTRY' ? countryName(row.value) : row.value,
    lastUsedAt: row.lastUsedAt,
    secondFactorAt: row.secondFactorAt as Date,
  }));
}
