import { getEnv, isProduction } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { brandEmail } from './brand-email';
import { chooseSmsSender } from './choose-sms-sender';
import type { MessageBrand } from './message-brand';
import { sendEmail } from './send-email';
import { getTwilioSender } from './twilio-client';
import { callGreetingTwiml, renderCallScript, spokenDigits } from './voice-script';

// `brand` is the mailbox's: the code speaks in its name, and leaves from its senders where it has them.
export type CodeMessage = { brand: MessageBrand } & (
  | { channel: 'SMS'; to: string; code: string }
  | { channel: 'VOICE'; to: string; code: string; callToken: string }
  | { channel: 'EMAIL'; to: string; code: string }
);

const CODE_LIFETIME_TEXT = '10 minutes';

function smsText({ code, brand }: { code: string; brand: MessageBrand }): string {
  const host = new URL(getEnv().GATEHOUSE_URL).hostname;
  // The last line is the WebOTP / one-time-code format, so phones offer to fill the code in
  // only on this site.
  return `Your ${brand.name} code is ${code}. It expires in ${CODE_LIFETIME_TEXT}. Do not share it: ${brand.name} will never ask you for it.\n\n@${host} #${code}`;
}

function emailText({ code, brand }: { code: string; brand: MessageBrand }): { from: string; subject: string; body: string } {
  return brandEmail({
    brand,
    subject: `Your ${brand.name} code: ${code}`,
    body: [
      `Your ${brand.name} code is ${code}.`,
      '',
      `It expires in ${CODE_LIFETIME_TEXT} and works once. Do not share it: ${brand.name} will never ask you for it.`,
      'If you did not try to sign in or add this address, someone may know your password: change it now.',
    ].join('\n'),
  });
}

/**
 * Sends a code by text, call or e-mail. With a provider configured the code leaves through it
 * and the record keeps only a redacted copy (codes are never stored or logged in plain text).
 * Without one, the full message is kept in the development outbox, which only exists outside
 * production. A provider failure is recorded and thrown as DELIVERY_FAILED.
 */
export async function sendCodeMessage(message: CodeMessage): Promise<void> {
  // A call's script spells the digits out ("1, 2, 3, ..."), so that form is hidden as well.
  const redact = (text: string) =>
    [message.code, spokenDigits(message.code)].reduce((redacted, form) => redacted.split(form).join('••••••'), text);
  if (message.channel === 'EMAIL') {
    const outcome = await sendEmail({ to: message.to, ...emailText(message), redact });
    await prisma.outboundMessage.create({ data: { channel: message.channel, to: message.to, ...outcome } });
    if (outcome.status === 'FAILED') refuse({ message, provider: outcome.provider, reason: outcome.error });
    return;
  }

  const env = getEnv();
  const twilioSender = getTwilioSender();
  const brandName = message.brand.name;
  const body = message.channel === 'SMS' ? smsText(message) : renderCallScript({ code: message.code, brandName });
  // A text leaves from the brand's own sender where the destination's country accepts it; a call
  // always from the platform's number (a caller ID must be a number Twilio holds for us).
  const from = message.channel === 'SMS' ? chooseSmsSender({ brandSender: message.brand.smsSender, to: message.to }) : null;
  if (!twilioSender) {
    // The outbox keeps the code readable: only ever outside production.
    if (isProduction()) await fail({ message, from, body: redact(body), provider: 'none', error: 'Twilio is not configured' });
    await record({ message, from, body, status: 'STORED', provider: 'outbox' });
    return;
  }
  try {
    if (message.channel === 'SMS') {
      const sent = await twilioSender.client.messages.create({
        to: message.to,
        body,
        ...(from
          ? { from }
          : twilioSender.messagingServiceSid
            ? { messagingServiceSid: twilioSender.messagingServiceSid }
            : { from: twilioSender.fromNumber }),
      });
      await record({ message, from, body: redact(body), status: 'SENT', provider: 'twilio', providerMessageId: sent.sid });
    } else {
      if (!twilioSender.fromNumber) throw new Error('TWILIO_FROM_NUMBER is not set; calls need a caller number.');
      const codeUrl = new URL(`/api/twilio/voice/${message.callToken}`, env.GATEHOUSE_URL).toString();
      const call = await twilioSender.client.calls.create({
        to: message.to,
        from: twilioSender.fromNumber,
        twiml: callGreetingTwiml({ codeUrl, brandName }),
      });
      await record({ message, from, body: redact(body), status: 'SENT', provider: 'twilio', providerMessageId: call.sid });
    }
  } catch (error) {
    await fail({ message, from, body: redact(body), provider: 'twilio', error });
  }
}

async function record({
  message,
  from,
  body,
  status,
  provider,
  providerMessageId = null,
  error = null,
}: {
  message: CodeMessage;
  /** The brand's sender the text used; null: the platform's. */
  from: string | null;
  body: string;
  status: 'STORED' | 'SENT' | 'FAILED';
  provider: string;
  providerMessageId?: string | null;
  error?: string | null;
}): Promise<void> {
  await prisma.outboundMessage.create({
    data: { channel: message.channel, to: message.to, from, body, status, provider, providerMessageId, error },
  });
}

async function fail({
  message,
  from,
  body,
  provider,
  error,
}: {
  message: CodeMessage;
  from: string | null;
  body: string;
  provider: string;
  error: unknown;
}): Promise<never> {
  const reason = (error instanceof Error ? error.message : String(error)).split(message.code).join('••••••').slice(0, 500);
  await record({ message, from, body, status: 'FAILED', provider, error: reason });
  refuse({ message, provider, reason });
}

function refuse({ message, provider, reason }: { message: CodeMessage; provider: string; reason: string }): never {
  // Neither the code nor the whole address reaches the log.
  console.error(`${message.channel} to ${message.to.slice(0, 4)}… failed through ${provider}: ${reason}`);
  throw new AppError('DELIVERY_FAILED');
}
