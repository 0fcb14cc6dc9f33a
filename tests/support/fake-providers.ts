// Stand-ins for Twilio's and Resend's HTTP APIs on a loopback port: each records every request and
// answers the way the real API does. The real twilio and resend clients are used; only their base
// URL points here, so nothing leaves the machine. Plain Node (no vitest, no '@/' alias): the
// end-to-end outage server (e2e/outage-server.ts) runs one too.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  /** The request target as sent, query included. */
  url: string;
  /** The same without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body of a form post (Twilio), else empty. */
  form: Record<string, string>;
  /** The body of a JSON post (Resend), else empty. */
  json: Record<string, unknown>;
  /** What the fake answered (an empty object for a body that is not JSON). */
  answer: Record<string, unknown>;
};

type Answer = { status: number; body: Record<string, unknown> } | { status: number; html: string };

export type FakeServer = {
  /** http://127.0.0.1:<port>, for TWILIO_BASE_URL or RESEND_BASE_URL. */
  url: string;
  received: RecordedRequest[];
  /** The HTTP server itself, for a test that listens to its requests as they arrive. */
  server: Server;
  close(): Promise<void>;
};

/** A loopback HTTP server that records each request and answers with `answer` (port 0: any free one). */
export async function startFakeServer(
  answer: (request: { path: string; form: Record<string, string> }) => Answer,
  port = 0,
): Promise<FakeServer> {
  const received: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const isJson = String(request.headers['content-type'] ?? '').startsWith('application/json');
      const form = isJson ? {} : Object.fromEntries(new URLSearchParams(text));
      const json = isJson && text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const url = request.url ?? '';
      const path = url.split('?')[0] ?? '';
      const result = answer({ path, form });
      const body = 'body' in result ? result.body : {};
      received.push({ method: request.method ?? '', url, path, headers: request.headers, form, json, answer: body });
      if ('html' in result) {
        response.writeHead(result.status, { 'content-type': 'text/html' });
        response.end(result.html);
      } else {
        response.writeHead(result.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Twilio's Messages and Calls resources for `accountSid` and Resend's /emails on one server.
 * With `isFailing` set, both answer 500 the way each provider does.
 */
export async function startFakeTwilioAndResend({ accountSid }: { accountSid: string }) {
  const state = { isFailing: false };
  const server = await startFakeServer(({ path, form }) => {
    if (state.isFailing) {
      return path === '/emails'
        ? { status: 500, body: { statusCode: 500, name: 'internal_server_error', message: 'The fake provider is down' } }
        : { status: 500, body: { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: 500 } };
    }
    const now = new Date().toUTCString();
    if (path === `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return {
        status: 201,
        body: { sid, account_sid: accountSid, status: 'queued', to: form.To, from: form.From ?? null, messaging_service_sid: form.MessagingServiceSid ?? null, body: form.Body, date_created: now, num_segments: '1', direction: 'outbound-api', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` },
      };
    }
    if (path === `/2010-04-01/Accounts/${accountSid}/Calls.json`) {
      const sid = `CA${randomBytes(16).toString('hex')}`;
      return {
        status: 201,
        body: { sid, account_sid: accountSid, status: 'queued', to: form.To, from: form.From, date_created: now, direction: 'outbound-api', uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json` },
      };
    }
    if (path === '/emails') return { status: 200, body: { id: `fake-email-${randomUUID()}` } };
    return { status: 404, body: { code: 20404, message: 'Not found', status: 404 } };
  });
  return {
    ...server,
    /** From now on, answer every request with the provider's 500 (false: answer normally again). */
    setFailing(isFailing: boolean) {
      state.isFailing = isFailing;
    },
    /** The requests to one Twilio resource. */
    twilioRequests(resource: 'Messages' | 'Calls'): RecordedRequest[] {
      return server.received.filter((request) => request.path === `/2010-04-01/Accounts/${accountSid}/${resource}.json`);
    },
  };
}

export type FakeResendMode = 'accept' | 'fail-json' | 'fail-html';

/** Resend's POST /emails: accepts (ids `fake-<n>-<time>`), or fails with a JSON 500 or an HTML 502. */
export async function startFakeResend() {
  const state = { mode: 'accept' as FakeResendMode };
  const server = await startFakeServer(() => {
    if (state.mode === 'fail-json') return { status: 500, body: { statusCode: 500, name: 'internal_server_error', message: 'The fake provider is down' } };
    if (state.mode === 'fail-html') return { status: 502, html: '<html><body>Bad gateway</body></html>' };
    // The request being answered is counted: the first one gets `fake-1-…`.
    return { status: 200, body: { id: `fake-${server.received.length + 1}-${Date.now()}` } };
  });
  return {
    ...server,
    setMode(mode: FakeResendMode) {
      state.mode = mode;
    },
  };
}

/**
 * Stripe's POST /v1/checkout/sessions, answering with a Checkout Session the way the API does
 * (its id, the hosted page's url, and the parameters sent back). `setFailing` answers Stripe's 500.
 */
export async function startFakeStripe() {
  const state = { isFailing: false };
  const server = await startFakeServer(({ path, form }) => {
    if (state.isFailing) return { status: 500, body: { error: { type: 'api_error', message: 'The fake Stripe is down' } } };
    if (path !== '/v1/checkout/sessions') return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${path})` } } };
    const id = `cs_test_${randomBytes(12).toString('hex')}`;
    const metadata = Object.fromEntries(
      Object.entries(form).flatMap(([key, value]) => {
        const match = /^metadata\[(.+)\]$/.exec(key);
        return match ? [[match[1], value]] : [];
      }),
    );
    return {
      status: 200,
      body: {
        id,
        object: 'checkout.session',
        mode: form.mode,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        status: 'open',
        payment_status: 'unpaid',
        currency: form['line_items[0][price_data][currency]'],
        amount_total: Number(form['line_items[0][price_data][unit_amount]']) * Number(form['line_items[0][quantity]'] ?? 1),
        client_reference_id: form.client_reference_id ?? null,
        success_url: form.success_url,
        cancel_url: form.cancel_url,
        metadata,
        livemode: false,
      },
    };
  });
  return {
    ...server,
    setFailing(isFailing: boolean) {
      state.isFailing = isFailing;
    },
    sessionRequests(): RecordedRequest[] {
      return server.received.filter((request) => request.path === '/v1/checkout/sessions');
    },
  };
}

/** A Twilio that is down: every request gets Twilio's 503 (the provider-outage end-to-end test). */
export function startTwilioOutage(port: number): Promise<FakeServer> {
  return startFakeServer(() => ({ status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } }), port);
}
