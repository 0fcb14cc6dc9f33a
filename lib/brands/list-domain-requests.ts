import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { prisma } from '@/lib/db/prisma';
import { countMailboxesByDomain } from './read-brand-domains';

export type WaitingDomainRequest = {
  id: string;
  domain: string;
  brand: { slug: string; name: string };
  requestedBy: string | null;
  createdAt: Date;
  /** How many mailboxes would move now. */
  mailboxes: number;
};

/** The domain requests waiting for a platform administrator, oldest first (the platform's approvals). */
export async function listDomainRequests({ actor }: { actor: Actor }): Promise<WaitingDomainRequest[]> {
  await authorize(actor, 'brand_domain_request.answer', 'platform');
  const requests = await prisma.brandDomainRequest.findMany({
    where: { status: 'PENDING' },
    orderBy: { createdAt: 'asc' },
    take: 200,
    select: { id: true, domain: true, createdAt: true, brand: { select: { slug: true, name: true } }, requestedBy: { select: { email: true } } },
  });
  const counts = await countMailboxesByDomain(requests.map((request) => request.domain));
  return requests.map((request) => ({
    id: request.id,
    domain: request.domain,
    brand: request.brand,
    requestedBy: request.requestedBy?.email ?? null,
    createdAt: request.createdAt,
    mailboxes: counts.get(request.domain) ?? 0,
  }));
}
