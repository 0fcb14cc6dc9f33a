import type { Actor } from '@/lib/core/actor';
import type { Channel } from '@/lib/db/generated/enums';
import { AppError } from '@/lib/errors/app-error';
import { creditCostOf } from './credit-packs';
import { debitCredits, refundDebit } from './debit-credits';
import { ledgerActor } from './ledger-actor';
import { noticeLowBalance } from './notice-low-balance';
import { poolRefusal } from './pool-refusal';
import { payingPool, readSmsPayer } from './read-sms-payer';

export type CreditReservation = { refund: () => Promise<void> };

const NOTHING_RESERVED: CreditReservation = { refund: async () => {} };

/**
 * A text or call code is paid from the pool that pays for the mailbox's texts (readSmsPayer): its
 * organisation's, or its own where its brand has mailboxes pay. The cost is taken before the
 * provider is called (as the toll-fraud allowances are), and given back by `refund` when the send
 * is refused or fails. Where the platform pays, nothing is reserved.
 * Refused, with nothing written: the organisation does not allow SMS two-factor logins, or the pool
 * holds less than the cost.
 */
export async function reserveSmsCredits({ actor, userId, channel }: { actor: Actor; userId: string; channel: Channel }): Promise<CreditReservation> {
  const cost = creditCostOf(channel);
  if (cost === 0) return NOTHING_RESERVED;
  const debit = await debitCredits({ memberId: userId, channel, cost, by: ledgerActor(actor) });
  if (!debit) {
    // Nothing taken: the platform pays, or a refusal, named as the prompt names it. The
    // organisation's checkbox is set by its policy layer alone, so its row holds the value in force,
    // as DEBIT_SQL reads it; one read, however many sends are refused.
    const payer = await readSmsPayer(userId);
    const pool = payingPool(payer);
    if (!pool) return NOTHING_RESERVED;
    if (payer.kind === 'mailbox') throw new AppError('SMS_CREDITS_EMPTY_OWN');
    // A pool topped up since the debit's statement still refused this send: it stays refused as empty.
    throw new AppError(poolRefusal(pool, channel) === 'not-allowed' ? 'SMS_LOGINS_NOT_ALLOWED' : 'SMS_CREDITS_EMPTY');
  }
  await noticeLowBalance({ debit, cost });
  return { refund: () => refundDebit({ debitId: debit.entryId }) };
}
