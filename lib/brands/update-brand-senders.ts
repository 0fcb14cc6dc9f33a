import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { ZBrandSendersSchema, type TBrandSenders } from './brand-schema';

export type BrandSenders = { emailFrom: string | null; smsSender: string | null };

/**
 * A brand's administrator (or the platform's, or the console) sets the brand's own senders: the
 * address its e-mails come from and its SMS sender ID or number (null: the platform's). The
 * address must be at one of the brand's own mail domains (or below one): the platform's e-mail
 * account sends for every brand, so a brand may never send as another brand's domain, nor as a
 * domain of nobody's. No two brands share an SMS sender, and the refusal does not say whose it is.
 * Bad input changes nothing; needs a recent second factor; one audit row in the brand's Activity.
 */
export async function updateBrandSenders({
  actor,
  brandId,
  senders,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  senders: TBrandSenders;
  code?: TSecondFactorCode | null;
}): Promise<BrandSenders> {
  await authorize(actor, 'brand_settings.change', { brandId });
  const parsed = ZBrandSendersSchema.safeParse(senders);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  const { emailFrom, smsSender } = parsed.data;
  const domains = (await prisma.brandDomain.findMany({ where: { brandId }, select: { domain: true } })).map((row) => row.domain);
  if (emailFrom && !isAtOneOf(emailFrom, domains)) {
    throw new AppError('INVALID_INPUT', {
      fieldErrors: { emailFrom: [`Use an address at one of the brand's mail domains (${domains.join(', ') || 'none yet'}).`] },
    });
  }
  await reauthenticate({ actor, code });
  return prisma.$transaction(async (tx) => {
    // The brand's row lock, as the other brand settings take it: two saves cannot cross.
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    if (smsSender) {
      const taken = await tx.brand.count({ where: { smsSender: { equals: smsSender, mode: 'insensitive' }, id: { not: brandId } } });
      if (taken > 0) throw new AppError('INVALID_INPUT', { fieldErrors: { smsSender: ['Another brand already uses that SMS sender. Choose another.'] } });
    }
    const before = await tx.brand.findUniqueOrThrow({ where: { id: brandId }, select: { emailFrom: true, smsSender: true } });
    await tx.brand.update({ where: { id: brandId }, data: { emailFrom, smsSender } });
    await recordAuditEvent(tx, {
      type: 'brand.senders_changed',
      actor,
      subjectId: null,
      brandId,
      detail: {
        brandId,
        emailFrom: before.emailFrom === emailFrom ? null : { from: before.emailFrom, to: emailFrom },
        smsSender: before.smsSender === smsSender ? null : { from: before.smsSender, to: smsSender },
      },
    });
    return { emailFrom, smsSender };
  });
}

function isAtOneOf(address: string, domains: string[]): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  // Exactly one of its own domains, never one below it: a subdomain may be another brand's, and
  // the platform's one e-mail account sends for every brand.
  return domains.includes(domain);
}
