import type { Actor } from '@/lib/access/actor';
import type { Tx } from '@/lib/db/prisma';
import { queueEmail } from './queue-email';
import { composeSecurityEmail, type SecurityNotice } from './security-emails';

/**
 * Queues a security notice to the mailbox and to its confirmed alternate address, inside the
 * transaction of the change it reports. The alternate address matters most when the mailbox
 * itself is what someone is trying to take over. Staff appear as the support of the account's
 * brand, never by name. Returns the message ids to deliver after the commit.
 */
export async function queueAccountNotice(
  tx: Tx,
  { userId, notice, actor, at, what }: { userId: string; notice: SecurityNotice; actor: Actor; at: Date; what?: string },
): Promise<string[]> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, alternateEmail: { select: { address: true } }, brand: { select: { name: true, supportContact: true } } },
  });
  const message = composeSecurityEmail({ notice, actor, at, what, support: { brandName: user.brand.name, contact: user.brand.supportContact } });
  const recipients = [user.email, ...(user.alternateEmail ? [user.alternateEmail.address] : [])];
  const ids: string[] = [];
  for (const to of recipients) ids.push(await queueEmail(tx, { to, ...message }));
  return ids;
}
