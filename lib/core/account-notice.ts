import type { AuditedActor } from '@/lib/audit/audited-actor';
import type { Tx } from '@/lib/db/prisma';
import { MESSAGE_BRAND_SELECT, type MessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail, type SecurityNotice } from '@/lib/notify/security-emails';

/** Who a mailbox's security notices go to, and the brand they speak for (its name, support and sender). */
export type NoticeAudience = { recipients: string[]; brand: MessageBrand };

/**
 * The mailbox and its confirmed alternate address: the alternate address matters most when the
 * mailbox itself is what someone is trying to take over. Read before a change that may remove
 * the alternate address (a support reset), so the notice of that change still reaches it.
 */
export async function readNoticeAudience(tx: Tx, { userId }: { userId: string }): Promise<NoticeAudience> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, alternateEmail: { select: { address: true } }, brand: { select: MESSAGE_BRAND_SELECT } },
  });
  return {
    recipients: [user.email, ...(user.alternateEmail ? [user.alternateEmail.address] : [])],
    brand: user.brand,
  };
}

/**
 * Queues a security notice to each of the audience's addresses, inside the transaction of the
 * change it reports. Staff appear as the support of the account's brand, never by name. Returns
 * the message ids to deliver after the commit.
 */
export async function queueAccountNotice(
  tx: Tx,
  { audience, notice, actor, at, what }: { audience: NoticeAudience; notice: SecurityNotice; actor: AuditedActor; at: Date; what?: string },
): Promise<string[]> {
  const message = composeSecurityEmail({ notice, actor, at, what, brand: audience.brand });
  const ids: string[] = [];
  for (const to of audience.recipients) ids.push(await queueEmail(tx, { to, brand: audience.brand, ...message }));
  return ids;
}
