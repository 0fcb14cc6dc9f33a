import type { AlternativeLoginKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';

export type ListedAlternativeLogin = {
  id: string;
  kind: AlternativeLoginKind;
  isRestricted: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** A one-time list's: whether it has a memorised prefix, and its passwords, all and unused. */
  list: { hasPrefix: boolean; total: number; left: number } | null;
};

/** A mailbox's alternative logins (at most one of each kind), SMS password first: what the page lists. */
export async function listAlternativeLogins({ userId }: { userId: string }): Promise<ListedAlternativeLogin[]> {
  const rows = await prisma.alternativeLogin.findMany({
    where: { userId },
    orderBy: { kind: 'asc' },
    select: {
      id: true,
      kind: true,
      isRestricted: true,
      createdAt: true,
      lastUsedAt: true,
      secretHash: true,
      _count: { select: { oneTimePasswords: true } },
    },
  });
  const unused = await prisma.oneTimePassword.groupBy({
    by: ['alternativeLoginId'],
    where: { alternativeLoginId: { in: rows.map((row) => row.id) }, usedAt: null },
    _count: { _all: true },
  });
  const left = new Map(unused.map((group) => [group.alternativeLoginId, group._count._all]));
  return rows.map(({ secretHash, _count, ...row }) => ({
    ...row,
    list: row.kind === 'ONE_TIME_LIST' ? { hasPrefix: secretHash !== null, total: _count.oneTimePasswords, left: left.get(row.id) ?? 0 } : null,
  }));
}
