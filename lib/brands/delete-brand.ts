import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { brandScope } from '@/lib/policy/policy-layer';
import { DEFAULT_BRAND_SLUG } from './default-brand';

/**
 * Removes a brand that no mailbox belongs to, with its domains, host names, roles and settings.
 * A brand with mailboxes is refused: they would be left without the brand their policy comes from.
 */
export async function deleteBrand({ actor, brandId }: { actor: Actor; brandId: string }): Promise<void> {
  await authorize(actor, 'brand.create', 'platform');
  await prisma.$transaction(async (tx) => {
    const brand = await tx.brand.findUnique({ where: { id: brandId }, select: { slug: true } });
    if (!brand) throw new AppError('BRAND_NOT_FOUND');
    // The platform's own brand takes every mailbox of an unowned domain: it always exists.
    if (brand.slug === DEFAULT_BRAND_SLUG) throw new AppError('BRAND_HAS_MAILBOXES');
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    if ((await tx.user.count({ where: { brandId } })) > 0) throw new AppError('BRAND_HAS_MAILBOXES');
    await tx.methodPolicy.deleteMany({ where: { scope: brandScope(brandId) } });
    await tx.scopePolicy.deleteMany({ where: { scope: brandScope(brandId) } });
    await tx.brand.delete({ where: { id: brandId } });
    await recordAuditEvent(tx, { type: 'brand.deleted', actor, subjectId: null, detail: { brandId, slug: brand.slug } });
  });
}
