import type { Actor } from '@/lib/core/actor';
import { refusalOf } from '@/lib/core/authorize';
import { prisma } from '@/lib/db/prisma';

export type BrandSummary = { id: string; slug: string; name: string; domains: string[]; hosts: string[]; mailboxes: number };

/** The brands whose settings `actor` may manage, by name: all for the platform, one's own for a reseller. */
export async function listBrands({ actor }: { actor: Actor }): Promise<BrandSummary[]> {
  const brands = await prisma.brand.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, slug: true, name: true, domains: { select: { domain: true } }, hosts: { select: { host: true } }, _count: { select: { users: true } } },
  });
  return brands
    .filter((brand) => refusalOf(actor, 'brand_settings.change', { brandId: brand.id }) === null)
    .map((brand) => ({
      id: brand.id,
      slug: brand.slug,
      name: brand.name,
      domains: brand.domains.map((row) => row.domain).sort(),
      hosts: brand.hosts.map((row) => row.host).sort(),
      mailboxes: brand._count.users,
    }));
}
