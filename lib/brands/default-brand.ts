import type { Tx } from '@/lib/db/prisma';

// The platform's own brand, created by the migration that introduced brands: every mailbox whose
// domain no reseller's brand owns belongs to it.
export const DEFAULT_BRAND_SLUG = 'default';

/** The brand an address belongs to: the one owning its domain, else the platform's default brand. */
export async function brandIdForEmail(db: Pick<Tx, 'brandDomain' | 'brand'>, email: string): Promise<string> {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const owned = await db.brandDomain.findUnique({ where: { domain }, select: { brandId: true } });
  if (owned) return owned.brandId;
  const fallback = await db.brand.findUniqueOrThrow({ where: { slug: DEFAULT_BRAND_SLUG }, select: { id: true } });
  return fallback.id;
}
