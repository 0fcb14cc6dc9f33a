import { Resend } from 'resend';
import { getEnv, isProduction } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';

let resendClient: Resend | undefined;

function getResend(): Resend | null {
  const { RESEND_API_KEY } = getEnv();
  if (!RESEND_API_KEY) return null;
  // The client reads RESEND_BASE_URL itself; tests point it at a local fake server.
  resendClient ??= new Resend(RESEND_API_KEY);
  return resendClient;
}

/**
 * Sends queued messages. Without a provider configured a message is kept as STORED: that is the
 * development outbox at /dev/outbox. A provider failure marks the message FAILED with the reason;
 * the change that queued it has already committed and stays.
 */
export async function deliverMessages(ids: string[]): Promise<void> {
  for (const id of ids) {
    const message = await prisma.outboundMessage.findUnique({
      where: { id },
      select: { id: true, channel: true, to: true, subject: true, body: true, status: true },
    });
    if (!message || message.status !== 'PENDING') continue;
    if (message.channel !== 'EMAIL') continue;
    const resend = getResend();
    if (!resend) {
      // Kept for the development outbox; in production an unsent notice is a failure to see.
      await prisma.outboundMessage.update({
        where: { id },
        data: isProduction() ? { status: 'FAILED', error: 'RESEND_API_KEY is not set' } : { status: 'STORED', provider: 'outbox' },
      });
      continue;
    }
    try {
      const { data, error } = await resend.emails.send(
        { from: getEnv().EMAIL_FROM, to: message.to, subject: message.subject ?? '', text: message.body },
        // A retried delivery of the same row is the same e-mail to Resend.
        { idempotencyKey: `gatehouse-${message.id}` },
      );
      if (error) throw new Error(`${error.name}: ${error.message}`);
      await prisma.outboundMessage.update({
        where: { id },
        data: { status: 'SENT', provider: 'resend', providerMessageId: data?.id ?? null },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`E-mail ${id} could not be delivered: ${reason}`);
      await prisma.outboundMessage.update({ where: { id }, data: { status: 'FAILED', provider: 'resend', error: reason.slice(0, 500) } });
    }
  }
}
