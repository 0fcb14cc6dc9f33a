import { prisma } from '@/lib/db/prisma';
import { emailFromHeader } from '@/lib/messaging/brand-email';
import type { BrandSenders } from './update-brand-senders';

/**
 * The brand's own senders as its settings screen shows them, with what its mailboxes actually
 * see: the From header its e-mails carry, and the platform's sender that stands in where it has
 * none (or where a country refuses sender IDs).
 */
export async function readBrandSenders({ brandId }: { brandId: string }): Promise<BrandSenders & { emailFromHeader: string }> {
  const brand = await prisma.brand.findUniqueOrThrow({ where: { id: brandId }, select: { name: true, emailFrom: true, smsSender: true } });
  return { emailFrom: brand.emailFrom, smsSender: brand.smsSender, emailFromHeader: emailFromHeader(brand) };
}
