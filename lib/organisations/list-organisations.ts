import type { Actor } from '@/lib/core/actor';
import { brandsInScope } from '@/lib/core/authorize';
import { prisma } from '@/lib/db/prisma';

/** The organisations the actor may see (the console: all), with their administrators and balance. */
export async function listOrganisations({ actor }: { actor: Actor }) {
  const scope = actor.kind === 'console' ? 'all' : brandsInScope(actor, 'mailbox.inspect');
  const rows = await prisma.organisation.findMany({
    where: scope === 'all' ? {} : { brandId: { in: scope } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      name: true,
      kind: true,
      allowSmsLogins: true,
      creditBalance: true,
      brand: { select: { slug: true } },
      members: { select: { role: true, user: { select: { email: true } } }, orderBy: { createdAt: 'asc' } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    brand: row.brand.slug,
    allowSmsLogins: row.allowSmsLogins,
    creditBalance: row.creditBalance,
    administrators: row.members.filter((member) => member.role === 'ADMINISTRATOR').map((member) => member.user.email),
    members: row.members.length,
  }));
}
