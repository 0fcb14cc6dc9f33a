import { getEnv, isProduction } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { brandEmail } from '@/lib/messaging/brand-email';
import { chooseSmsSender } from '@/lib/messaging/choose-sms-sender';
import type { MessageBrand } from '@/lib/messaging/message-brand';
import { sendEmail } from '@/lib/messaging/send-email';
import { getTwilioSender } from '@/lib/messaging/twilio-client';
import type { ResetDestination } from './read-reset-destinations';

/** The page a support link opens: GET shows a "Continue" button and changes nothing. */
export function resetLinkUrl(secret: string): string {
  return new URL(`/sign-in/forgot/link/${secret}`, getEnv().GATEHOUSE_URL).toString();
}

function emailText({ link, mailbox, brand }: { link: string; mailbox: string; brand: MessageBrand }) {
  const brandName = brand.name;
  return brandEmail({
    brand,
    subject: `${brandName}: choose a new password for ${mailbox}`,
    body: [
      `${brandName} support sent you this link to choose a new password for ${mailbox}:`,
      '',
      link,
      '',
      'It works once, within 30 minutes. Support never sees or chooses your password, and will never ask you for this link.',
      `If you did not ask ${brandName} support for it, do not use it: your password stays as it is. Tell ${brandName} support.`,
    ].join('\n'),
  });
}

function smsText({ link, mailbox, brandName }: { link: string; mailbox: string; brandName: string }) {
  return `${brandName} support: choose a new password for ${mailbox} at ${link} (works once, within 30 minutes). Did not ask? Ignore it and tell them.`;
}

/**
 * Sends support's reset link to a confirmed alternate address or backup phone. The link is a way
 * in, so what is kept of a message that left through a provider has it hidden, as codes are; only
 * the development outbox (never in production) keeps it readable. A provider failure is recorded
 * and thrown as PASSWORD_RESET_LINK_NOT_SENT.
 */
export async function sendResetLinkMessage({
  destination,
  secret,
  mailbox,
  brand,
}: {
  destination: ResetDestination;
  secret: string;
  mailbox: string;
  /** The mailbox's brand: the message speaks in its name and leaves from its senders. */
  brand: MessageBrand;
}): Promise<void> {
  const brandName = brand.name;
  const link = resetLinkUrl(secret);
  const redact = (text: string) => text.split(secret).join('••••••');
  const { channel, to } = destination;
  if (channel === 'EMAIL') {
    const outcome = await sendEmail({ to, ...emailText({ link, mailbox, brand }), redact });
    await prisma.outboundMessage.create({ data: { channel, to, ...outcome } });
    if (outcome.status === 'FAILED') refuse(channel, to, outcome.provider, outcome.error);
    return;
  }
  const body = smsText({ link, mailbox, brandName });
  const from = chooseSmsSender({ brandSender: brand.smsSender, to });
  const twilioSender = getTwilioSender();
  if (!twilioSender) {
    if (isProduction()) {
      await prisma.outboundMessage.create({ data: { channel, to, from, body: redact(body), status: 'FAILED', provider: 'none', error: 'Twilio is not configured' } });
      refuse(channel, to, 'none', 'Twilio is not configured');
    }
    await prisma.outboundMessage.create({ data: { channel, to, from, body, status: 'STORED', provider: 'outbox' } });
    return;
  }
  try {
    const sent = await twilioSender.client.messages.create({
      to,
      body,
      ...(from
        ? { from }
        : twilioSender.messagingServiceSid
          ? { messagingServiceSid: twilioSender.messagingServiceSid }
          : { from: twilioSender.fromNumber }),
    });
    await prisma.outboundMessage.create({ data: { channel, to, from, body: redact(body), status: 'SENT', provider: 'twilio', providerMessageId: sent.sid } });
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error)).slice(0, 500);
    await prisma.outboundMessage.create({ data: { channel, to, from, body: redact(body), status: 'FAILED', provider: 'twilio', error: reason } });
    refuse(channel, to, 'twilio', reason);
  }
}

function refuse(channel: string, to: string, provider: string, reason: string): never {
  // Neither the link nor the whole address reaches the log.
  console.error(`Reset link by ${channel} to ${to.slice(0, 4)}… failed through ${provider}: ${reason}`);
  throw new AppError('PASSWORD_RESET_LINK_NOT_SENT');
}
