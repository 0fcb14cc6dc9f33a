import { cache } from 'react';
import { prisma } from '@/lib/db/prisma';
import { DEFAULT_BRAND_SLUG } from './default-brand';
import { hostNameOf } from './find-brand-for-host';

/** What every page's title and header say of the brand, and where its users get help. */
export type PageBrand = { name: string; supportContact: string | null };

// Only if the default brand's row were missing (it is made by a migration): the product's name.
const PLATFORM_NAME = 'Gatehouse';

const PAGE_BRAND_SELECT = { name: true, supportContact: true } as const;

/**
 * The brand a page is shown under: the signed-in account's brand, else the brand whose host name
 * the visitor used, else the platform's default brand. Like the look, only a name: policy always
 * comes from the account's brand.
 */
export function readPageBrand({ userId, host }: { userId: string | null; host: string | null }): Promise<PageBrand> {
  return readPageBrandOnce(userId, host);
}

// Once per request for the same question: the layout's title and header both ask (React's cache
// compares arguments by identity, hence plain strings rather than the options object).
const readPageBrandOnce = cache(async (userId: string | null, host: string | null): Promise<PageBrand> => {
  if (userId) {
    const row = await prisma.user.findUnique({ where: { id: userId }, select: { brand: { select: PAGE_BRAND_SELECT } } });
    if (row) return row.brand;
  }
  const name = hostNameOf(host);
  if (name) {
    const row = await prisma.brandHost.findUnique({ where: { host: name }, select: { brand: { select: PAGE_BRAND_SELECT } } });
    if (row) return row.brand;
  }
  const fallback = await prisma.brand.findUnique({ where: { slug: DEFAULT_BRAND_SLUG }, select: PAGE_BRAND_SELECT });
  return fallback ?? { name: PLATFORM_NAME, supportContact: null };
});
