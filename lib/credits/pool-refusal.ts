import type { Channel } from '@/lib/db/generated/enums';
import { creditCostOf } from './credit-packs';

export type PoolRefusal = 'not-allowed' | 'empty';

/**
 * Why a member's organisation would not pay for one code on `channel`, or null when it would: it
 * does not allow SMS two-factor logins, or its pool holds less than the code costs. The one
 * question both the prompt (before any send) and the debit (after a refused one) ask, so the
 * prompt never promises a code the debit refuses. The debit's own statement (DEBIT_SQL) asks it
 * again atomically: `allowSmsLogins AND creditBalance >= creditCostOf(channel)`.
 */
export function poolRefusal(pool: { allowSmsLogins: boolean; creditBalance: number }, channel: Channel): PoolRefusal | null {
  if (!pool.allowSmsLogins) return 'not-allowed';
  return pool.creditBalance < creditCostOf(channel) ? 'empty' : null;
}
