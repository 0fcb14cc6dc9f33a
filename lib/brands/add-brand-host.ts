import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { orIfTaken, parseBrandName } from './brand-domain-input';
import { refuseNameNearOthers } from './refuse-name-near-others';

export const BRAND_MAX_HOSTS = 10;

/**
 * A host name the brand's sign-in page answers on (account.acme.example). It decides only the look
 * of the pages before anyone is known, never policy, so it needs no approval; but one host has one
 * brand (its primary key), and another brand's is refused without saying whose. Audited; a recent
 * second factor for staff.
 */
export async function addBrandHost({
  actor,
  brandId,
  host: typed,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  host: string;
  code?: TSecondFactorCode | null;
}): Promise<{ host: string }> {
  await authorize(actor, 'brand_domains.change', { brandId });
  const host = parseBrandName(typed, 'host');
  await reauthenticate({ actor, code });
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    const owner = await tx.brandHost.findUnique({ where: { host }, select: { brandId: true } });
    if (owner) throw new AppError(owner.brandId === brandId ? 'BRAND_HOST_ALREADY_YOURS' : 'BRAND_HOST_TAKEN');
    await refuseNameNearOthers(tx, { brandId, name: host, kind: 'host' });
    if ((await tx.brandHost.count({ where: { brandId } })) >= BRAND_MAX_HOSTS) throw new AppError('BRAND_TOO_MANY_HOSTS');
    await orIfTaken(tx.brandHost.create({ data: { host, brandId } }), 'BRAND_HOST_TAKEN');
    await recordAuditEvent(tx, { type: 'brand.host_added', actor, subjectId: null, brandId, detail: { brandId, host } });
  });
  return { host };
}
