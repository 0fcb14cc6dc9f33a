import type { Tx } from '@/lib/db/prisma';

/**
 * What a message needs of the mailbox's brand: its name (in every text, call, e-mail and sign-off),
 * its support contact, and its own senders (null: the platform's).
 */
export type MessageBrand = { name: string; supportContact: string | null; emailFrom: string | null; smsSender: string | null };

export const MESSAGE_BRAND_SELECT = { name: true, supportContact: true, emailFrom: true, smsSender: true } as const;

/** The brand a mailbox's messages speak for: always its own (every mailbox has one, the default brand at least). */
export async function readMessageBrand(db: Pick<Tx, 'user'>, { userId }: { userId: string }): Promise<MessageBrand> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { brand: { select: MESSAGE_BRAND_SELECT } } });
  return user.brand;
}

/** The brand an organisation's messages speak for: its own (its members are all that brand's mailboxes). */
export async function readOrganisationMessageBrand(db: Pick<Tx, 'organisation'>, { organisationId }: { organisationId: string }): Promise<MessageBrand> {
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { brand: { select: MESSAGE_BRAND_SELECT } } });
  return organisation.brand;
}
