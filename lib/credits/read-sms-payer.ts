import { prisma } from '@/lib/db/prisma';

/**
 * Who pays for a mailbox's text and call codes, and from what: the question DEBIT_SQL asks inside
 * its own statement, asked here for the prompt, the security page and a refused debit, so they
 * never disagree about which pool pays.
 * - a member of a family or business account: the organisation's pool (as before);
 * - a mailbox in no organisation whose brand has "Who pays for texts" = the mailbox: its own
 *   PersonalCreditPool (an empty one until its first purchase);
 * - anyone else: the platform, and nothing is counted.
 */
export type SmsPayer =
  | { kind: 'platform' }
  | { kind: 'organisation'; organisationId: string; allowSmsLogins: boolean; creditBalance: number }
  | { kind: 'mailbox'; userId: string; creditBalance: number; supportContact: string | null; brandName: string };

export async function readSmsPayer(userId: string): Promise<SmsPayer> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      organisationMembership: { select: { organisation: { select: { id: true, allowSmsLogins: true, creditBalance: true } } } },
      brand: { select: { name: true, textsPaidBy: true, supportContact: true } },
      personalCreditPool: { select: { creditBalance: true } },
    },
  });
  const organisation = user.organisationMembership?.organisation;
  if (organisation) return { kind: 'organisation', organisationId: organisation.id, allowSmsLogins: organisation.allowSmsLogins, creditBalance: organisation.creditBalance };
  if (user.brand.textsPaidBy !== 'MAILBOX') return { kind: 'platform' };
  return {
    kind: 'mailbox',
    userId,
    creditBalance: user.personalCreditPool?.creditBalance ?? 0,
    supportContact: user.brand.supportContact,
    brandName: user.brand.name,
  };
}

/** The pool poolRefusal judges: a mailbox's own pool is always allowed to pay, only ever empty. */
export function payingPool(payer: SmsPayer): { allowSmsLogins: boolean; creditBalance: number } | null {
  if (payer.kind === 'platform') return null;
  return { allowSmsLogins: payer.kind === 'organisation' ? payer.allowSmsLogins : true, creditBalance: payer.creditBalance };
}
