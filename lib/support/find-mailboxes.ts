import type { Actor } from '@/lib/core/actor';
import { brandsInScope } from '@/lib/core/authorize';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/** An e-mail address is at most 254 characters (RFC 5321 with its errata), a domain fewer. */
export const MAX_SEARCH_LENGTH = 254;
const MAX_RESULTS = 50;

export type FoundMailbox = { id: string; email: string; brandName: string; brandSlug: string };

/**
 * The support console's search: a full or partial mailbox address ("anna@", "anna@acme.example"),
 * or a domain ("acme.example") for all of its mailboxes, only ever within the brands the staff
 * member supports. A mailbox outside them is not found, exactly like one that does not exist.
 */
export async function findMailboxes({ actor, query }: { actor: Actor; query: string }): Promise<{ mailboxes: FoundMailbox[]; isTruncated: boolean }> {
  const q = query.trim().toLowerCase();
  if (q.length === 0) throw new AppError('SEARCH_QUERY_EMPTY');
  if (q.length > MAX_SEARCH_LENGTH) throw new AppError('SEARCH_QUERY_TOO_LONG');
  const scope = brandsInScope(actor, 'mailbox.inspect');
  if (scope !== 'all' && scope.length === 0) throw new AppError('FORBIDDEN');
  const rows = await prisma.user.findMany({
    where: {
      ...(q.includes('@') ? { email: { contains: q } } : { email: { endsWith: `@${q}` } }),
      ...(scope === 'all' ? {} : { brandId: { in: scope } }),
    },
    orderBy: { email: 'asc' },
    take: MAX_RESULTS + 1,
    select: { id: true, email: true, brand: { select: { name: true, slug: true } } },
  });
  return {
    mailboxes: rows.slice(0, MAX_RESULTS).map((row) => ({ id: row.id, email: row.email, brandName: row.brand.name, brandSlug: row.brand.slug })),
    isTruncated: rows.length > MAX_RESULTS,
  };
}
