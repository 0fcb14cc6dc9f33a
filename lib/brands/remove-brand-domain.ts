import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { parseBrandName } from './brand-domain-input';

/**
 * A brand gives up a mail domain, only while no mailbox uses it: a mailbox's brand (its policy,
 * its staff) comes from its domain, so removing it would silently hand them to the platform's
 * default brand. Another brand's domain is "not the brand's", the same as an unknown one.
 * Audited; a recent second factor for staff.
 */
export async function removeBrandDomain({
  actor,
  brandId,
  domain: typed,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  domain: string;
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await authorize(actor, 'brand_domains.change', { brandId });
  const domain = parseBrandName(typed, 'domain');
  await reauthenticate({ actor, code });
  await prisma.$transaction(async (tx) => {
    // Locked so a mailbox created on the domain meanwhile (which reads the owner) waits or is counted.
    const [owned] = await tx.$queryRaw<Array<{ brandId: string }>>`
      SELECT "brandId"::text AS "brandId" FROM "BrandDomain" WHERE "domain" = ${domain} FOR UPDATE`;
    if (!owned || owned.brandId !== brandId) throw new AppError('BRAND_DOMAIN_NOT_FOUND');
    if ((await tx.user.count({ where: { email: { endsWith: `@${domain}` } } })) > 0) throw new AppError('BRAND_DOMAIN_HAS_MAILBOXES');
    await tx.brandDomain.delete({ where: { domain } });
    await recordAuditEvent(tx, { type: 'brand.domain_removed', actor, subjectId: null, brandId, detail: { brandId, domain } });
  });
}
