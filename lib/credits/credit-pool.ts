import { prisma } from '@/lib/db/prisma';
import { listPacksOfBrand, type CreditPack } from './credit-packs';
import type { Tx } from '@/lib/db/prisma';

/** A pool of SMS credits: a family or business account's, or a mailbox's own (PersonalCreditPool). */
export type CreditPool = { organisationId: string } | { poolUserId: string };

/** The ledger row's pool columns: exactly one is set (the "CreditLedgerEntry_one_pool" CHECK). */
export function poolColumns(pool: CreditPool): { organisationId: string | null; poolUserId: string | null } {
  return 'organisationId' in pool ? { organisationId: pool.organisationId, poolUserId: null } : { organisationId: null, poolUserId: pool.poolUserId };
}

/** The pool's brand (whose packs it is sold), or null when no such organisation or mailbox exists. */
export async function brandOfPool(db: Pick<Tx, 'organisation' | 'user'>, pool: CreditPool): Promise<string | null> {
  if ('organisationId' in pool) return (await db.organisation.findUnique({ where: { id: pool.organisationId }, select: { brandId: true } }))?.brandId ?? null;
  return (await db.user.findUnique({ where: { id: pool.poolUserId }, select: { brandId: true } }))?.brandId ?? null;
}

/** The packs offered to a pool: its brand's own, else the platform's (listPacksOfBrand). */
export async function listPacksOfPool(pool: CreditPool): Promise<CreditPack[]> {
  const brandId = await brandOfPool(prisma, pool);
  return brandId ? listPacksOfBrand(brandId) : [];
}
