import type { Tx } from '@/lib/db/prisma';

/**
 * Writes an e-mail into the outbound table inside the caller's transaction: the notice exists if
 * and only if the change it reports committed. deliverMessages() sends it after the commit.
 */
export async function queueEmail(tx: Tx, { to, subject, body }: { to: string; subject: string; body: string }): Promise<string> {
  const message = await tx.outboundMessage.create({
    data: { channel: 'EMAIL', to, subject, body },
    select: { id: true },
  });
  return message.id;
}
