import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { ZBrandSlugSchema } from './brand-schema';

/** A brand by its short name, as URLs and the command line give it; BRAND_NOT_FOUND otherwise. */
export async function findBrand(slug: string): Promise<{ id: string; slug: string; name: string; supportContact: string | null }> {
  const parsed = ZBrandSlugSchema.safeParse(slug);
  const brand = parsed.success
    ? await prisma.brand.findUnique({ where: { slug: parsed.data }, select: { id: true, slug: true, name: true, supportContact: true } })
    : null;
  if (!brand) throw new AppError('BRAND_NOT_FOUND');
  return brand;
}
