import { getEnv } from '@/lib/config/env';
import type { Channel } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

export type CreditPack = { id: string; credits: number; amountCents: number };

/** The packs administrators can buy (SMS_CREDIT_PACKS), in the configured currency. */
export function listCreditPacks(): CreditPack[] {
  return getEnv().SMS_CREDIT_PACKS;
}

/** A pack by its id, as a form or a webhook names it; anything not configured is refused. */
export function findCreditPack(id: unknown): CreditPack {
  const pack = typeof id === 'string' ? listCreditPacks().find((candidate) => candidate.id === id) : undefined;
  if (!pack) throw new AppError('CREDIT_PACK_UNKNOWN');
  return pack;
}

/**
 * The packs a brand's mailboxes and organisations are offered: the brand's own (BrandCreditPack,
 * by their row ids) when it has any, else the platform's (SMS_CREDIT_PACKS).
 */
export async function listPacksOfBrand(brandId: string): Promise<CreditPack[]> {
  const own = await prisma.brandCreditPack.findMany({ where: { brandId }, orderBy: { credits: 'asc' }, select: { id: true, credits: true, amountCents: true } });
  return own.length > 0 ? own : listCreditPacks();
}

/** A pack of the brand's offer by its id, as a form or a webhook names it; anything else is refused. */
export async function findPackOfBrand(brandId: string, id: unknown): Promise<CreditPack> {
  const pack = typeof id === 'string' ? (await listPacksOfBrand(brandId)).find((candidate) => candidate.id === id) : undefined;
  if (!pack) throw new AppError('CREDIT_PACK_UNKNOWN');
  return pack;
}

/** What the brand settings screen shows of a brand's SMS credits. */
export function readBrandCredits(brandId: string) {
  return prisma.brand.findUniqueOrThrow({
    where: { id: brandId },
    select: { textsPaidBy: true, creditPacks: { select: { credits: true, amountCents: true }, orderBy: { credits: 'asc' } } },
  });
}

/** What one code costs the pool: a text 1 credit, a call SMS_CREDIT_COST_CALL; e-mail nothing. */
export function creditCostOf(channel: Channel): number {
  if (channel === 'EMAIL') return 0;
  return channel === 'VOICE' ? getEnv().SMS_CREDIT_COST_CALL : 1;
}

/** "$20.00" in the configured currency. */
export function formatPrice(amountCents: number): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: getEnv().STRIPE_CURRENCY.toUpperCase() }).format(amountCents / 100);
}
