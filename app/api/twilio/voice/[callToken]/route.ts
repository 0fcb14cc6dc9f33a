import twilio from 'twilio';
import { getEnv } from '@/lib/config/env';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { callCodeTwiml } from '@/lib/messaging/voice-script';

// Twilio calls this after the listener pressed a key (see callGreetingTwiml). It is not a browser
// request, so instead of an origin check it must carry a valid X-Twilio-Signature for this exact
// URL and parameters; anything else gets 403 and learns nothing.
export async function POST(request: Request, { params }: { params: Promise<{ callToken: string }> }) {
  const { callToken } = await params;
  const env = getEnv();
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value)]));
  const url = new URL(`/api/twilio/voice/${callToken}`, env.GATEHOUSE_URL).toString();
  const signature = request.headers.get('x-twilio-signature') ?? '';
  if (!env.TWILIO_AUTH_TOKEN || !twilio.validateRequest(env.TWILIO_AUTH_TOKEN, signature, url, fields)) {
    return new Response('Forbidden', { status: 403 });
  }
  const row = await prisma.oneTimeCode.findUnique({
    where: { callToken },
    select: { id: true, sealedCode: true, consumedAt: true, supersededAt: true, expiresAt: true },
  });
  const sealed = row && !row.consumedAt && !row.supersededAt && row.expiresAt > new Date() ? row.sealedCode : null;
  const twiml =
    row && sealed
      ? callCodeTwiml({ code: decryptSecret({ sealed, boundTo: row.id }) })
      : new twilio.twiml.VoiceResponse().say('This code is no longer valid. Please ask for a new one. Goodbye.').toString();
  return new Response(twiml, { headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' } });
}
