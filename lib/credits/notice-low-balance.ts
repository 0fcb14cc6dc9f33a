import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readMessageBrand, readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import type { Debit } from './debit-credits';

/** Which notice a debit that left `balance` (having cost `cost`) crossed into, if any. */
export function crossingOf({ balance, cost, lastPurchaseCredits }: { balance: number; cost: number; lastPurchaseCredits: number | null }): 'empty' | 'low' | null {
  if (balance === 0) return 'empty';
  if (lastPurchaseCredits === null) return null;
  // Below 20 % of the last purchase now, and not before this debit: integer arithmetic, no rounding.
  return balance * 5 < lastPurchaseCredits && (balance + cost) * 5 >= lastPurchaseCredits ? 'low' : null;
}

/**
 * E-mails the administrators (or, for a mailbox's own pool, the mailbox) when a debit took the pool
 * below 20 % of the last purchase, or to zero: once per crossing. The flag is claimed with a
 * conditional update in the same transaction that queues the e-mails (the outbox), and only a
 * purchase clears it again.
 */
export async function noticeLowBalance({ debit, cost }: { debit: Debit; cost: number }): Promise<void> {
  const crossing = crossingOf({ balance: debit.balance, cost, lastPurchaseCredits: debit.lastPurchaseCredits });
  if (!crossing) return;
  // Reaching zero also passes the low mark: one e-mail says both.
  const unsent = crossing === 'empty' ? { emptyNoticeSent: false } : { lowNoticeSent: false };
  const sent = crossing === 'empty' ? { emptyNoticeSent: true, lowNoticeSent: true } : { lowNoticeSent: true };
  const ids = await prisma.$transaction(async (tx) => {
    if (debit.poolUserId) {
      const claimed = await tx.personalCreditPool.updateMany({ where: { userId: debit.poolUserId, ...unsent }, data: sent });
      if (claimed.count === 0) return [];
      const { email } = await tx.user.findUniqueOrThrow({ where: { id: debit.poolUserId }, select: { email: true } });
      const brand = await readMessageBrand(tx, { userId: debit.poolUserId });
      const link = new URL('/settings/credits', getEnv().GATEHOUSE_URL).toString();
      const subject = crossing === 'empty' ? 'You have run out of SMS credits' : `You are running low on SMS credits (${debit.balance} left)`;
      const body = [
        crossing === 'empty'
          ? 'Your SMS credits are used up: no sign-in code can be sent to you by text or call until you buy more;'
          : `You have ${debit.balance} SMS credits left, less than a fifth of the ${debit.lastPurchaseCredits} you last bought.`,
        crossing === 'empty' ? 'you can still sign in with an authenticator app or a backup code.' : 'Each text code costs 1 credit.',
        '',
        `Buy SMS credits: ${link}`,
      ].join('\n');
      return [await queueEmail(tx, { brand, to: email, subject, body })];
    }
    const organisationId = debit.organisationId;
    if (!organisationId) return [];
    const claimed = await tx.organisation.updateMany({ where: { id: organisationId, ...unsent }, data: sent });
    if (claimed.count === 0) return [];
    const organisation = await tx.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true, members: { where: { role: 'ADMINISTRATOR' }, select: { user: { select: { email: true } } } } },
    });
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const link = new URL('/org/credits', getEnv().GATEHOUSE_URL).toString();
    const subject =
      crossing === 'empty'
        ? `${organisation.name} has run out of SMS credits`
        : `${organisation.name} is running low on SMS credits (${debit.balance} left)`;
    const body = [
      crossing === 'empty'
        ? `The SMS credits of "${organisation.name}" are used up. Members cannot get sign-in codes by text or call until you buy more;`
        : `"${organisation.name}" has ${debit.balance} SMS credits left, less than a fifth of the ${debit.lastPurchaseCredits} you last bought.`,
      crossing === 'empty' ? 'they can still sign in with an authenticator app or a backup code.' : 'Each text code costs 1 credit.',
      '',
      `Buy SMS credits: ${link}`,
    ].join('\n');
    const queued: string[] = [];
    for (const { user } of organisation.members) queued.push(await queueEmail(tx, { brand, to: user.email, subject, body }));
    return queued;
  });
  await deliverMessages(ids);
}
