import type { Tx } from '@/lib/db/prisma';
import { brandEmail } from '@/lib/messaging/brand-email';
import type { MessageBrand } from '@/lib/messaging/message-brand';

/**
 * Writes an e-mail into the outbound table inside the caller's transaction: the notice exists if
 * and only if the change it reports committed. deliverMessages() sends it after the commit.
 * Every queued e-mail speaks for the recipient's brand: its name leads the subject, signs the
 * body and is the sender's display name, at the brand's own address where it has one.
 */
export async function queueEmail(
  tx: Tx,
  { to, brand, subject, body }: { to: string; brand: Pick<MessageBrand, 'name' | 'emailFrom'>; subject: string; body: string },
): Promise<string> {
  const message = await tx.outboundMessage.create({
    data: { channel: 'EMAIL', to, ...brandEmail({ brand, subject: `${brand.name}: ${subject}`, body }) },
    select: { id: true },
  });
  return message.id;
}
