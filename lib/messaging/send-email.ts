import { Resend } from 'resend';
import { getEnv, isProduction } from '@/lib/config/env';

/**
 * What becomes of one e-mail, shaped as the OutboundMessage columns it sets, so every caller
 * records it the same way. `subject` and `body` are what may be kept: the full text only in the
 * development outbox, the redacted text once it went to (or failed at) a provider.
 */
export type EmailOutcome = { from: string | null; subject: string; body: string } & (
  | { status: 'STORED'; provider: 'outbox'; providerMessageId: null; error: null }
  | { status: 'SENT'; provider: 'resend'; providerMessageId: string | null; error: null }
  | { status: 'FAILED'; provider: 'resend' | 'none'; providerMessageId: null; error: string }
);

let resend: { client: Resend; apiKey: string; baseUrl: string | undefined } | undefined;

// The only Resend client in the process. It is rebuilt only if its settings change, which in
// practice means tests that point it at a fake and back.
function getResendClient(apiKey: string): Resend {
  // The SDK reads RESEND_BASE_URL itself, when the client is constructed.
  const baseUrl = process.env.RESEND_BASE_URL;
  if (resend?.apiKey !== apiKey || resend.baseUrl !== baseUrl) {
    resend = { client: new Resend(apiKey), apiKey, baseUrl };
  }
  return resend.client;
}

/**
 * Sends one e-mail through Resend, or keeps it for the development outbox when no provider is
 * configured (a failure in production). Never throws: a provider failure is an outcome the
 * caller records and decides about. `redact` hides a secret the message carries, from what is
 * kept and from the error reason. `from` is the brand's From header (brandEmail); null or absent
 * only for rows queued before brands had senders, which leave from EMAIL_FROM.
 */
export async function sendEmail({
  to,
  from = null,
  subject,
  body,
  idempotencyKey,
  redact = (text) => text,
}: {
  to: string;
  from?: string | null;
  subject: string;
  body: string;
  idempotencyKey?: string;
  redact?: (text: string) => string;
}): Promise<EmailOutcome> {
  const env = getEnv();
  const failure = (provider: 'resend' | 'none', error: unknown): EmailOutcome => ({
    from,
    subject: redact(subject),
    body: redact(body),
    status: 'FAILED',
    provider,
    providerMessageId: null,
    error: redact(error instanceof Error ? error.message : String(error)).slice(0, 500),
  });

  if (!env.RESEND_API_KEY) {
    // The outbox keeps the text readable, codes included: only ever outside production.
    if (isProduction()) return failure('none', 'RESEND_API_KEY is not set');
    return { from, subject, body, status: 'STORED', provider: 'outbox', providerMessageId: null, error: null };
  }
  try {
    const { data, error } = await getResendClient(env.RESEND_API_KEY).emails.send(
      { from: from ?? env.EMAIL_FROM, to, subject, text: body },
      { idempotencyKey },
    );
    if (error) throw new Error(`${error.name}: ${error.message}`);
    return { from, subject: redact(subject), body: redact(body), status: 'SENT', provider: 'resend', providerMessageId: data?.id ?? null, error: null };
  } catch (error) {
    return failure('resend', error);
  }
}
