import { randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { GET as promptStylesheet } from '@/app/brands/[slug]/prompt.css/route';
import { POST as stripeWebhook } from '@/app/api/stripe/webhook/route';
import { POST as voiceWebhook } from '@/app/api/twilio/voice/[callToken]/route';
import { authedFormAction, formAction } from '@/lib/actions/form-action';
import { prisma } from '@/lib/db/prisma';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides } from '@/tests/support/env';

// Bad input gets a clear refusal and changes nothing; never a 500 (an exception out of a route or
// an action is what Next turns into one).

const GATEHOUSE_URL = 'http://localhost:3000';
const AUTH_TOKEN = randomBytes(16).toString('hex');
const env = envOverrides();

afterEach(() => {
  env.restore();
  vi.restoreAllMocks();
});

afterAll(() => env.restore());

describe('server actions called with something that is not a form', () => {
  const schema = z.object({ name: z.string() });
  const handler = vi.fn(async () => 'done');

  it.each([
    ['a string', 'name=x'],
    ['a plain object', { name: 'x' }],
    ['nothing', undefined],
    ['null', null],
    ['an array', [['name', 'x']]],
  ])('gets the form error state for %s', async (_what, argument) => {
    const actions = [formAction(schema, handler), authedFormAction(schema, handler)];
    for (const action of actions) {
      const state = await action({ status: 'idle' } as never, argument as unknown as FormData);
      expect(state).toEqual({ status: 'error', message: APP_ERRORS.INVALID_INPUT.message });
    }
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('the Twilio voice webhook', () => {
  const callToken = randomBytes(24).toString('base64url');
  const url = `${GATEHOUSE_URL}/api/twilio/voice/${callToken}`;

  function post(body: BodyInit, headers: Record<string, string>) {
    env.set({ GATEHOUSE_URL, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    const request = new Request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    return voiceWebhook(request, { params: Promise.resolve({ callToken }) });
  }

  it.each([
    ['JSON', 'application/json', '{"Digits":"5"}'],
    ['JSON labelled as a form', 'application/x-www-form-urlencoded; charset=utf-8', '{"Digits":'],
    ['a broken multipart body', 'multipart/form-data; boundary=x', '--x\r\nnot a part'],
    ['no content type', '', 'Digits=5'],
  ])('answers 403, not 500, to a body that is %s', async (_what, contentType, body) => {
    const headers: Record<string, string> = { 'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, {}) };
    if (contentType) headers['content-type'] = contentType;
    const response = await post(body, headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Forbidden');
  });

  it('answers 413 to a form over 64 kB, before checking a signature over it', async () => {
    const params = { Digits: '5', Padding: 'a'.repeat(64 * 1024) };
    const response = await post(new URLSearchParams(params), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, params),
    });
    expect(response.status).toBe(413);
  });

  it('stops reading a long body at 64 kB', async () => {
    // 2 MB in 16 kB chunks, with no declared length: the reader itself must stop.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const response = await post(endless, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(64 * 1024 + 3 * 16 * 1024);
  });

  it('reads no body at all without a signature', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled = true;
        controller.enqueue(new TextEncoder().encode('Digits=5'));
        controller.close();
      },
    }, { highWaterMark: 0 });
    const response = await post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(403);
    expect(pulled).toBe(false);
  });
});

describe('the Stripe webhook', () => {
  it('answers 413 to a body over 1 MB', async () => {
    const payload = JSON.stringify({ id: 'evt_big', padding: 'a'.repeat(1024 * 1024) });
    const response = await stripeWebhook(
      new Request(`${GATEHOUSE_URL}/api/stripe/webhook`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' }, body: payload }),
    );
    expect(response.status).toBe(413);
  });
});

describe('a brand stylesheet saved before the sanitiser learnt a rule', () => {
  it('is served through today’s sanitiser, so hidden text stops at once', async () => {
    const brand = await createTestBrand();
    // As an older release would have stored it: every rule here passed its sanitiser.
    const stored = '.gh-prompt .gh-prompt-field{color:transparent;font-weight:600}\n.gh-prompt .gh-prompt-button{box-shadow:0 0 0 9999px #fff}';
    await prisma.brand.update({ where: { id: brand.id }, data: { servedCss: stored } });
    const response = await promptStylesheet(new Request(`${GATEHOUSE_URL}/brands/${brand.slug}/prompt.css`), { params: Promise.resolve({ slug: brand.slug }) });
    expect(response.status).toBe(200);
    const css = await response.text();
    expect(css).toBe('.gh-prompt .gh-prompt-field{font-weight:600}');
  });
});
