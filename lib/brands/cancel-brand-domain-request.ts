import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/**
 * A brand's administrator withdraws the brand's waiting request for a domain. Only a waiting one,
 * by a conditional update, so a platform administrator's answer racing it wins or loses whole.
 * Another brand's request is not found, the same as an unknown one. Cancelling weakens nothing,
 * so it needs no fresh second factor.
 */
export async function cancelBrandDomainRequest({ actor, brandId, requestId }: { actor: Actor; brandId: string; requestId: string }): Promise<void> {
  await authorize(actor, 'brand_domains.change', { brandId });
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) throw new AppError('BRAND_DOMAIN_REQUEST_NOT_FOUND');
  await prisma.$transaction(async (tx) => {
    const request = await tx.brandDomainRequest.findFirst({ where: { id: requestId, brandId, status: 'PENDING' }, select: { domain: true } });
    const { count } = await tx.brandDomainRequest.updateMany({
      where: { id: requestId, brandId, status: 'PENDING' },
      data: { status: 'CANCELLED', answeredAt: new Date() },
    });
    if (!request || count !== 1) throw new AppError('BRAND_DOMAIN_REQUEST_NOT_FOUND');
    await recordAuditEvent(tx, { type: 'brand.domain_request_cancelled', actor, subjectId: null, brandId, detail: { brandId, domain: request.domain, requestId } });
  });
}
