import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { actingUserId } from '@/lib/audit/audited-actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { orIfTaken } from './brand-domain-input';
import { moveDomainMailboxes } from './move-domain-mailboxes';

/**
 * A platform administrator answers a brand's request for a domain that has mailboxes. Approving
 * gives the brand the domain and moves every mailbox on it into the brand in the same transaction
 * (lib/brands/move-domain-mailboxes.ts: the brand's policy, a fresh enrolment period, a narrowed
 * challenge policy, an audit row and an e-mail each); refusing only closes the request. The
 * request is locked and must still be waiting, so a cancel or a second answer racing this one
 * finds it answered. Needs a recent second factor.
 */
export async function answerBrandDomainRequest({
  actor,
  requestId,
  answer,
  code = null,
}: {
  actor: Actor;
  requestId: string;
  answer: 'approve' | 'refuse';
  code?: TSecondFactorCode | null;
}): Promise<{ domain: string; brandId: string; moved: number }> {
  await authorize(actor, 'brand_domain_request.answer', 'platform');
  await reauthenticate({ actor, code });
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) throw new AppError('BRAND_DOMAIN_REQUEST_NOT_FOUND');
  const { result, messageIds } = await prisma.$transaction(async (tx) => {
    const [request] = await tx.$queryRaw<Array<{ brandId: string; domain: string }>>`
      SELECT "brandId"::text AS "brandId", "domain" FROM "BrandDomainRequest"
       WHERE "id" = ${requestId}::uuid AND "status" = 'PENDING'
       FOR UPDATE`;
    if (!request) throw new AppError('BRAND_DOMAIN_REQUEST_NOT_FOUND');
    const { brandId, domain } = request;
    let moved = 0;
    let messageIds: string[] = [];
    if (answer === 'approve') {
      await orIfTaken(tx.brandDomain.create({ data: { domain, brandId } }), 'BRAND_DOMAIN_TAKEN');
      ({ moved, messageIds } = await moveDomainMailboxes(tx, { actor, brandId, domain }));
    }
    await tx.brandDomainRequest.update({
      where: { id: requestId },
      data: { status: answer === 'approve' ? 'APPROVED' : 'REFUSED', answeredById: actingUserId(actor), answeredAt: new Date(), movedMailboxes: answer === 'approve' ? moved : null },
    });
    await recordAuditEvent(tx, {
      type: answer === 'approve' ? 'brand.domain_request_approved' : 'brand.domain_request_refused',
      actor,
      subjectId: null,
      brandId,
      detail: { brandId, domain, requestId, ...(answer === 'approve' ? { mailboxesMoved: moved } : {}) },
    });
    return { result: { domain, brandId, moved }, messageIds };
  });
  await deliverMessages(messageIds);
  return result;
}
