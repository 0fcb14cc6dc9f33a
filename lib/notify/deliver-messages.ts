import { prisma } from '@/lib/db/prisma';
import { sendEmail } from '@/lib/messaging/send-email';

/**
 * Sends queued messages. Without a provider configured a message is kept as STORED: that is the
 * development outbox at /dev/outbox. A provider failure marks the message FAILED with the reason;
 * the change that queued it has already committed and stays.
 */
export async function deliverMessages(ids: string[]): Promise<void> {
  for (const id of ids) {
    const message = await prisma.outboundMessage.findUnique({
      where: { id },
      select: { id: true, channel: true, to: true, from: true, subject: true, body: true, status: true },
    });
    if (!message || message.status !== 'PENDING') continue;
    if (message.channel !== 'EMAIL') continue;
    const outcome = await sendEmail({
      to: message.to,
      from: message.from,
      subject: message.subject ?? '',
      body: message.body,
      // A retried delivery of the same row is the same e-mail to Resend.
      idempotencyKey: `gatehouse-${message.id}`,
    });
    if (outcome.status === 'FAILED') console.error(`E-mail ${id} could not be delivered: ${outcome.error}`);
    await prisma.outboundMessage.update({ where: { id }, data: outcome });
  }
}
