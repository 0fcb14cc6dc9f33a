import { prisma } from '@/lib/db/prisma';
import { BRAND_LOOK_SELECT, toBrandLook, type BrandLook } from './read-brand-look';

/**
 * For the brand settings screen: the look as shown, and the values as the administrator wrote
 * them (the stylesheet as written, not as served). Callers have already authorised the reader.
 */
export async function readBrandLookSettings({ brandId }: { brandId: string }): Promise<{
  look: BrandLook;
  values: { name: string; primaryColor: string; supportContact: string; css: string };
}> {
  const row = await prisma.brand.findUniqueOrThrow({
    where: { id: brandId },
    select: { ...BRAND_LOOK_SELECT, supportContact: true, customCss: true },
  });
  return {
    look: toBrandLook(row),
    values: { name: row.name, primaryColor: row.primaryColor ?? '', supportContact: row.supportContact ?? '', css: row.customCss ?? '' },
  };
}
