import { prisma } from '@/lib/db/prisma';
import { BRAND_LOOK_SELECT, toBrandLook, type BrandLook } from './read-brand-look';

/**
 * The look of the brand an account belongs to: what its token prompt and enrolment wizard show,
 * whatever host name the visitor used (a mailbox of one brand signing in on another's host sees
 * its own brand once the password told us who it is).
 */
export async function readAccountBrandLook({ userId }: { userId: string }): Promise<BrandLook | null> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select: { brand: { select: BRAND_LOOK_SELECT } } });
  return row ? toBrandLook(row.brand) : null;
}
