import type { Actor } from '@/lib/core/actor';
import type { Channel } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { creditCostOf } from './credit-packs';
import { debitCredits, refundDebit } from './debit-credits';
import { ledgerActor } from './ledger-actor';
import { noticeLowBalance } from './notice-low-balance';
import { poolRefusal } from './pool-refusal';

export type CreditReservation = { refund: () => Promise<void> };

const NOTHING_RESERVED: CreditReservation = { refund: async () => {} };

/**
 * A member's text or call code is paid from its organisation's pool: the cost is taken before the
 * provider is called (as the toll-fraud allowances are), and given back by `refund` when the send
 * is refused or fails. A mailbox outside any organisation reserves nothing (the platform pays).
 * Refused, with nothing written: the organisation does not allow SMS two-factor logins, or its pool
 * holds less than the cost.
 */
export async function reserveSmsCredits({ actor, userId, channel }: { actor: Actor; userId: string; channel: Channel }): Promise<CreditReservation> {
  const cost = creditCostOf(channel);
  if (cost === 0) return NOTHING_RESERVED;
  const debit = await debitCredits({ memberId: userId, channel, cost, by: ledgerActor(actor) });
  if (!debit) {
    // Nothing taken: a mailbox outside any organisation (the platform pays), or a refusal, named
    // as the prompt names it. The organisation's checkbox is set by its policy layer alone, so its
    // row holds the value in force, as DEBIT_SQL reads it; one read, however many sends are refused.
    const membership = await prisma.organisationMember.findUnique({
      where: { userId },
      select: { organisation: { select: { allowSmsLogins: true, creditBalance: true } } },
    });
    if (!membership) return NOTHING_RESERVED;
    // A pool topped up since the debit's statement still refused this send: it stays refused as empty.
    throw new AppError(poolRefusal(membership.organisation, channel) === 'not-allowed' ? 'SMS_LOGINS_NOT_ALLOWED' : 'SMS_CREDITS_EMPTY');
  }
  await noticeLowBalance({ organisationId: debit.organisationId, debit, cost });
  return { refund: () => refundDebit({ debitId: debit.entryId }) };
}
