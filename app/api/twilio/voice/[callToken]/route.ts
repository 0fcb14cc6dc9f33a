import twilio from 'twilio';
import { getEnv } from '@/lib/config/env';
import { bodyOfRequest, readLimitedBody } from '@/lib/http/read-limited-body';
import { readCallCode } from '@/lib/messaging/read-call-code';
import { callCodeTwiml } from '@/lib/messaging/voice-script';

// Twilio's own ceiling for the parameters of a webhook request; a body beyond it is not Twilio's.
const TWILIO_WEBHOOK_MAX_BYTES = 64 * 1024;

const FORBIDDEN = () => new Response('Forbidden', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

// Twilio calls this after the listener pressed a key (see callGreetingTwiml). It is not a browser
// request, so instead of an origin check it must carry a valid X-Twilio-Signature for this exact
// URL and parameters; anything else gets 403 and learns nothing. The signature covers the form
// parameters, so the body must be read to check it: nothing is read without a signature and a
// token to check it with, at most 64 kB is read (413 beyond), and a body that is not a form is
// refused like a bad signature rather than thrown on.
export async function POST(request: Request, { params }: { params: Promise<{ callToken: string }> }) {
  const { callToken } = await params;
  const env = getEnv();
  const signature = request.headers.get('x-twilio-signature');
  if (!env.TWILIO_AUTH_TOKEN || !signature) return FORBIDDEN();
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return FORBIDDEN();
  const body = await readLimitedBody(bodyOfRequest(request), TWILIO_WEBHOOK_MAX_BYTES);
  if (body === null) return new Response('Payload Too Large', { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const fields = Object.fromEntries(new URLSearchParams(body));
  const url = new URL(`/api/twilio/voice/${callToken}`, env.GATEHOUSE_URL).toString();
  if (!twilio.validateRequest(env.TWILIO_AUTH_TOKEN, signature, url, fields)) return FORBIDDEN();
  const call = await readCallCode(callToken);
  const twiml = call
    ? callCodeTwiml(call)
    : new twilio.twiml.VoiceResponse().say('This code is no longer valid. Please ask for a new one. Goodbye.').toString();
  return new Response(twiml, { headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' } });
}
