import { getEnv } from '@/lib/config/env';
import type { Channel } from '@/lib/db/generated/enums';
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

/** What one code costs the pool: a text 1 credit, a call SMS_CREDIT_COST_CALL; e-mail nothing. */
export function creditCostOf(channel: Channel): number {
  if (channel === 'EMAIL') return 0;
  return channel === 'VOICE' ? getEnv().SMS_CREDIT_COST_CALL : 1;
}

/** "$20.00" in the configured currency. */
export function formatPrice(amountCents: number): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: getEnv().STRIPE_CURRENCY.toUpperCase() }).format(amountCents / 100);
}
