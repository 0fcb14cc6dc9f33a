import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { ZNewBrandSchema, type TNewBrand } from './brand-schema';

/**
 * A reseller's brand with its mail domains and host names. A domain has one owner, so the
 * mailboxes already on the new brand's domains move into it, in the same transaction: every
 * mailbox belongs to the brand that owns its domain.
 */
export async function createBrand({ actor, brand }: { actor: Actor; brand: TNewBrand }): Promise<{ id: string; slug: string }> {
  await authorize(actor, 'brand.create', 'platform');
  const parsed = ZNewBrandSchema.safeParse(brand);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const { name, slug, domains, hosts, supportContact } = parsed.data;
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.brand.findUnique({ where: { slug }, select: { id: true } })) throw new AppError('BRAND_SLUG_TAKEN');
      if (await tx.brandDomain.findFirst({ where: { domain: { in: domains } }, select: { domain: true } })) throw new AppError('BRAND_DOMAIN_TAKEN');
      if (await tx.brandHost.findFirst({ where: { host: { in: hosts } }, select: { host: true } })) throw new AppError('BRAND_HOST_TAKEN');
      const created = await tx.brand.create({
        data: {
          name,
          slug,
          supportContact,
          domains: { create: [...new Set(domains)].map((domain) => ({ domain })) },
          hosts: { create: [...new Set(hosts)].map((host) => ({ host })) },
        },
        select: { id: true, slug: true },
      });
      const moved = await tx.$executeRaw`
        UPDATE "User" SET "brandId" = ${created.id}::uuid
         WHERE lower(split_part("email", '@', 2)) = ANY(${domains}::text[])`;
      await recordAuditEvent(tx, { type: 'brand.created', actor, subjectId: null, brandId: created.id, detail: { slug, name, domains, hosts, mailboxesMoved: moved } });
      return created;
    });
  } catch (error) {
    // Two brands created at once with one slug, domain or host: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('BRAND_SLUG_TAKEN');
    throw error;
  }
}
