import type { Actor } from '@/lib/core/actor';
import { authorize, refusalOf } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { actingUserId } from '@/lib/audit/audited-actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { orIfTaken, parseBrandName } from './brand-domain-input';
import { refuseNameNearOthers } from './refuse-name-near-others';
import { moveDomainMailboxes } from './move-domain-mailboxes';

export const BRAND_MAX_DOMAINS = 50;

export type AddBrandDomainOutcome =
  /** No brand owned it and no mailbox used it: the brand owns it now. */
  | { outcome: 'added'; domain: string }
  /** Mailboxes use it: a platform administrator's approval moves them in. */
  | { outcome: 'requested'; domain: string; requestId: string }
  /** Mailboxes used it and the actor may approve (the console, a platform administrator): they moved at once. */
  | { outcome: 'moved'; domain: string; moved: number };

/**
 * A brand takes a mail domain. Never another brand's (refused without saying whose); one no brand
 * owns and no mailbox uses is the brand's at once; one whose mailboxes live under the platform's
 * default brand becomes a request a platform administrator answers (lib/brands/answer-brand-domain-request.ts),
 * because taking it moves those mailboxes under the brand's policy and staff. One request may
 * wait per domain (a partial unique index): of two brands asking at once, the second is told it
 * is already asked for. Audited with the brand's Activity; a recent second factor for staff.
 */
export async function addBrandDomain({
  actor,
  brandId,
  domain: typed,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  domain: string;
  code?: TSecondFactorCode | null;
}): Promise<AddBrandDomainOutcome> {
  await authorize(actor, 'brand_domains.change', { brandId });
  const domain = parseBrandName(typed, 'domain');
  await reauthenticate({ actor, code });
  const mayApprove = refusalOf(actor, 'brand_domain_request.answer', 'platform') === null;
  const { result, messageIds } = await prisma.$transaction(async (tx): Promise<{ result: AddBrandDomainOutcome; messageIds: string[] }> => {
    // One change of a brand's domains at a time: the count of its domains holds until commit.
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    const owner = await tx.brandDomain.findUnique({ where: { domain }, select: { brandId: true } });
    if (owner) throw new AppError(owner.brandId === brandId ? 'BRAND_DOMAIN_ALREADY_YOURS' : 'BRAND_DOMAIN_TAKEN');
    await refuseNameNearOthers(tx, { brandId, name: domain, kind: 'domain' });
    if ((await tx.brandDomain.count({ where: { brandId } })) >= BRAND_MAX_DOMAINS) throw new AppError('BRAND_TOO_MANY_DOMAINS');
    const waiting = await tx.brandDomainRequest.findFirst({ where: { domain, status: 'PENDING' }, select: { id: true } });
    if (waiting) throw new AppError('BRAND_DOMAIN_REQUESTED');
    const mailboxes = await tx.user.count({ where: { email: { endsWith: `@${domain}` } } });
    if (mailboxes === 0) {
      await orIfTaken(tx.brandDomain.create({ data: { domain, brandId } }), 'BRAND_DOMAIN_TAKEN');
      await recordAuditEvent(tx, { type: 'brand.domain_added', actor, subjectId: null, brandId, detail: { brandId, domain } });
      return { result: { outcome: 'added', domain } as const, messageIds: [] };
    }
    if (mayApprove) {
      await orIfTaken(tx.brandDomain.create({ data: { domain, brandId } }), 'BRAND_DOMAIN_TAKEN');
      const { moved, messageIds } = await moveDomainMailboxes(tx, { actor, brandId, domain });
      await tx.brandDomainRequest.create({
        data: { brandId, domain, status: 'APPROVED', requestedById: actingUserId(actor), answeredById: actingUserId(actor), movedMailboxes: moved, answeredAt: new Date() },
      });
      await recordAuditEvent(tx, { type: 'brand.domain_added', actor, subjectId: null, brandId, detail: { brandId, domain, mailboxesMoved: moved } });
      return { result: { outcome: 'moved', domain, moved } as const, messageIds };
    }
    const request = await orIfTaken(
      tx.brandDomainRequest.create({ data: { brandId, domain, requestedById: actingUserId(actor) }, select: { id: true } }),
      'BRAND_DOMAIN_REQUESTED',
    );
    await recordAuditEvent(tx, { type: 'brand.domain_requested', actor, subjectId: null, brandId, detail: { brandId, domain, requestId: request.id } });
    return { result: { outcome: 'requested', domain, requestId: request.id } as const, messageIds: [] };
  });
  await deliverMessages(messageIds);
  return result;
}
