import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { parseBrandName } from './brand-domain-input';

/** The brand stops answering on a host name: its sign-in page there shows the platform's look again. Audited. */
export async function removeBrandHost({
  actor,
  brandId,
  host: typed,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  host: string;
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await authorize(actor, 'brand_domains.change', { brandId });
  const host = parseBrandName(typed, 'host');
  await reauthenticate({ actor, code });
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.brandHost.deleteMany({ where: { host, brandId } });
    if (count !== 1) throw new AppError('BRAND_HOST_NOT_FOUND');
    await recordAuditEvent(tx, { type: 'brand.host_removed', actor, subjectId: null, brandId, detail: { brandId, host } });
  });
}
