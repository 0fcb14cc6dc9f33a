import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { prisma } from '@/lib/db/prisma';

export type BrandDomainsScreen = {
  domains: Array<{ domain: string; mailboxes: number }>;
  hosts: string[];
  /** Waiting for a platform administrator, and the last answers, newest first. */
  requests: Array<{ id: string; domain: string; status: 'PENDING' | 'APPROVED' | 'REFUSED' | 'CANCELLED'; createdAt: Date; answeredAt: Date | null; movedMailboxes: number | null }>;
};

/** The brand's domains (with how many mailboxes each holds), host names and domain requests, for its Domains screen. */
export async function readBrandDomains({ actor, brandId }: { actor: Actor; brandId: string }): Promise<BrandDomainsScreen> {
  await authorize(actor, 'brand_domains.change', { brandId });
  const [domains, hosts, requests] = await Promise.all([
    prisma.brandDomain.findMany({ where: { brandId }, orderBy: { domain: 'asc' }, select: { domain: true } }),
    prisma.brandHost.findMany({ where: { brandId }, orderBy: { host: 'asc' }, select: { host: true } }),
    prisma.brandDomainRequest.findMany({
      where: { brandId },
      orderBy: { createdAt: 'desc' },
      take: 20,
      select: { id: true, domain: true, status: true, createdAt: true, answeredAt: true, movedMailboxes: true },
    }),
  ]);
  const counts = await countMailboxesByDomain(domains.map((row) => row.domain));
  return {
    domains: domains.map(({ domain }) => ({ domain, mailboxes: counts.get(domain) ?? 0 })),
    hosts: hosts.map((row) => row.host),
    requests,
  };
}

/** How many mailboxes use each domain, in one statement. */
export async function countMailboxesByDomain(domains: string[]): Promise<Map<string, number>> {
  if (domains.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ domain: string; mailboxes: number }>>`
    SELECT lower(split_part("email", '@', 2)) AS "domain", count(*)::int AS "mailboxes" FROM "User"
     WHERE lower(split_part("email", '@', 2)) = ANY(${domains}::text[])
     GROUP BY 1`;
  return new Map(rows.map((row) => [row.domain, row.mailboxes]));
}
