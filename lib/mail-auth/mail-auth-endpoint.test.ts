import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { CLIENT_IP_HEADER, EDGE_TOKEN_HEADER, PEER_IP_HEADER } from '@/lib/http/client-ip';
import { isMailAuthRequest, serveMailAuth } from '@/lib/mail-auth/serve-mail-auth';
import { consoleActor } from '@/lib/core/console-actor';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { createTestAppPassword } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides } from '@/tests/support/env';
import { mailLoginKey } from '@/tests/support/limits';
import { createTestUser } from '@/tests/support/users';

// Dovecot's question reaches one of two servers, and each must answer alike: scripts/start.ts's
// own HTTP server answers it before Next (serveMailAuth, here on a real socket), and the Next
// route answers it for the app served any other way (here with the edge server's headers as
// next/headers returns them). Each test says which machine is calling; every test runs on both.
const EDGE_TOKEN = 'edge-token-of-this-test';
const SECRET = 'the-mail-auth-secret-of-this-test-file';
let caller = { peerIp: '127.0.0.1', clientIp: '127.0.0.1' };
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ [EDGE_TOKEN_HEADER]: EDGE_TOKEN, [PEER_IP_HEADER]: caller.peerIp, [CLIENT_IP_HEADER]: caller.clientIp }),
}));
const { POST } = await import('@/app/api/mail-auth/route');

// As scripts/start.ts dispatches, with the peer and client address this test chose in place of
// what it resolves from the socket.
const ownServer = http.createServer((request, response) => {
  if (isMailAuthRequest(request)) void serveMailAuth({ request, response, caller });
  else response.writeHead(404).end();
});

const env = envOverrides();
beforeAll(async () => {
  env.set({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET, GATEHOUSE_EDGE_TOKEN: EDGE_TOKEN, GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: undefined });
  await new Promise<void>((resolve) => ownServer.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  env.restore();
  ownServer.closeAllConnections();
  await new Promise((resolve) => ownServer.close(resolve));
});
beforeEach(() => calledFrom('127.0.0.1'));

function calledFrom(peerIp: string, clientIp = peerIp) {
  caller = { peerIp, clientIp };
}

type Transport = (init: { body: BodyInit; headers: Record<string, string> }) => Promise<Response>;
const TRANSPORTS: Array<[string, Transport]> = [
  ['scripts/start.ts\'s own server', ({ body, headers }) => {
    const { port } = ownServer.address() as AddressInfo;
    return fetch(`http://127.0.0.1:${port}/api/mail-auth`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  }],
  ['the Next route', ({ body, headers }) => POST(new Request('http://localhost/api/mail-auth', { method: 'POST', body, headers, duplex: 'half' } as RequestInit))],
];

/** A body sent in chunks with no declared length, as a client that streams it would. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 1024) controller.enqueue(bytes.slice(at, at + 1024));
      controller.close();
    },
  });
}

/** What a decided login would leave behind for this mailbox and address: audit rows and throttle counts. */
async function traces(user: { id: string; email: string }, clientIp: string) {
  return {
    audit: await prisma.auditEvent.count({ where: { userId: user.id } }),
    limits: await prisma.rateLimit.count({ where: { key: { in: [`fail:${mailLoginKey(user.email)}`, `ipfail:mail:${clientIp}`] } } }),
  };
}

describe.each(TRANSPORTS)('POST /api/mail-auth on %s', (_, send) => {
  function post(body: unknown, { secret = SECRET, headers = {} }: { secret?: string | null; headers?: Record<string, string> } = {}) {
    return send({
      body: body instanceof ReadableStream ? body : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
    });
  }

  it('accepts an app password, and refuses the account password of a mailbox with two-factor on, with the sentence to show', async () => {
    const user = await createTestUser({ withTotp: true });
    const { password } = await createTestAppPassword(user);
    const accepted = await post({ username: user.email, password, service: 'imap', clientIp: '198.51.100.20' });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ result: 'accept', via: 'app_password' });

    const refused = await post({ username: user.email, password: user.password, service: 'submission', clientIp: '198.51.100.20' });
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ result: 'refuse', reason: 'MAIL_APP_PASSWORD_NEEDED', message: expect.stringMatching(/app password/) });
  });

  it('answers every refusal with a failure for Dovecot to report, never an OK: wrong, throttled, locked, 2FA, app passwords off, overdue', async () => {
    const clientIp = '198.51.100.23';
    const refusals: Array<[string, () => Promise<Record<string, unknown>>, string, string]> = [];
    const wrong = await createTestUser();
    refusals.push(['a wrong password', async () => ({ username: wrong.email, password: 'not it', service: 'smtp', clientIp }), 'INVALID_CREDENTIALS', 'password_mismatch']);
    const throttled = await createTestUser();
    refusals.push([
      'the right password during a wait',
      async () => {
        for (let i = 0; i < 5; i++) await post({ username: throttled.email, password: `wrong ${i}`, service: 'smtp', clientIp });
        return { username: throttled.email, password: throttled.password, service: 'smtp', clientIp };
      },
      'TOO_MANY_ATTEMPTS',
      'temporary',
    ]);
    const locked = await createTestUser();
    refusals.push([
      'a locked mail login',
      async () => {
        await prisma.rateLimit.create({ data: { key: `fail:${mailLoginKey(locked.email)}`, points: 100, expire: null } });
        return { username: locked.email, password: locked.password, service: 'smtp', clientIp };
      },
      'ACCOUNT_LOCKED',
      'user_disabled',
    ]);
    const withTotp = await createTestUser({ withTotp: true });
    refusals.push(['the account password with 2FA on', async () => ({ username: withTotp.email, password: withTotp.password, service: 'smtp', clientIp }), 'MAIL_APP_PASSWORD_NEEDED', 'password_mismatch']);
    const offBrand = await createTestBrand();
    const offUser = await createTestUser({ domain: offBrand.domain });
    const offPassword = (await createTestAppPassword(offUser)).password;
    await updateBrandSettings({ actor: consoleActor('vitest'), brandId: offBrand.id, changes: { allowAppPasswords: false } });
    refusals.push(['an app password its brand turned off', async () => ({ username: offUser.email, password: offPassword, service: 'smtp', clientIp }), 'MAIL_APP_PASSWORDS_OFF', 'user_disabled']);
    const overdueBrand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 0 });
    const overdue = await createTestUser({ domain: overdueBrand.domain });
    refusals.push(['the account password once enrolment is overdue', async () => ({ username: overdue.email, password: overdue.password, service: 'smtp', clientIp }), 'MAIL_TWO_FACTOR_OVERDUE', 'user_disabled']);

    for (const [what, request, reason, failure] of refusals) {
      const answered = await post(await request());
      expect({ what, status: answered.status }).toEqual({ what, status: 200 });
      const body = (await answered.json()) as Record<string, unknown>;
      expect({ what, ...body }).toMatchObject({ what, result: 'refuse', reason, failure });
      expect(body).not.toHaveProperty('nologin');
    }
  });

  it('takes the service name Postfix sends ("smtp") as SMTP submission', async () => {
    const user = await createTestUser();
    const created = await createTestAppPassword(user);
    expect(await (await post({ username: user.email, password: created.password, service: 'smtp', clientIp: '198.51.100.24' })).json()).toEqual({ result: 'accept', via: 'app_password' });
    expect(await prisma.appPassword.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ lastUsedProtocol: 'SUBMISSION' });
  });

  it('refuses bad input with a 4xx and changes nothing', async () => {
    const user = await createTestUser();
    const good = { username: user.email, password: user.password, service: 'imap', clientIp: '198.51.100.21' };
    const before = await traces(user, good.clientIp);
    const cases: Array<[string, Promise<Response>, number]> = [
      ['no secret', post(good, { secret: null }), 401],
      ['a wrong secret', post(good, { secret: `${SECRET}-not` }), 401],
      ['an unknown protocol', post({ ...good, service: 'ftp' }), 400],
      ['no password', post({ ...good, password: '' }), 400],
      ['a client address that is not one', post({ ...good, clientIp: 'nowhere' }), 400],
      ['not JSON', post('username=a&password=b'), 400],
      ['a body over 4 kB', post({ ...good, password: 'x'.repeat(5000) }), 413],
      ['a body over 4 kB sent without its length', post(streamed(JSON.stringify({ ...good, password: 'x'.repeat(5000) }))), 413],
      ['a browser (an Origin header)', post(good, { headers: { origin: 'http://localhost:3000' } }), 403],
    ];
    for (const [what, response, status] of cases) {
      const answered = await response;
      expect({ what, status: answered.status }).toEqual({ what, status });
      expect(await answered.json()).toMatchObject({ result: 'error' });
    }
    expect(await traces(user, good.clientIp)).toEqual(before);
  });

  it('answers only loopback, or the addresses configuration allows, even with the secret', async () => {
    const user = await createTestUser();
    const good = { username: user.email, password: user.password, service: 'pop3', clientIp: '' };
    calledFrom('10.1.2.3');
    expect((await post(good)).status).toBe(403);
    // Relayed by our own proxy from outside: the peer is loopback, the client is not.
    calledFrom('127.0.0.1', '203.0.113.50');
    expect((await post(good)).status).toBe(403);
    env.set({ GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: '10.1.2.3' });
    calledFrom('10.1.2.3');
    expect(await (await post(good)).json()).toEqual({ result: 'accept', via: 'account_password' });
    env.set({ GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: undefined });
  });

  it('is off (404) while no shared secret is configured', async () => {
    env.set({ GATEHOUSE_MAIL_AUTH_SECRET: undefined });
    expect((await post({ username: 'a@example.test', password: 'b', service: 'imap', clientIp: '' })).status).toBe(404);
    env.set({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET });
  });

  it('answers 503, never 500, when it cannot decide, so Dovecot reports a temporary failure', async () => {
    const decide = await import('@/lib/mail-auth/find-mail-account');
    const failing = vi.spyOn(decide, 'findMailAccount').mockRejectedValueOnce(new Error('database is down'));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await post({ username: 'a@example.test', password: 'b', service: 'imap', clientIp: '' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ result: 'error', reason: 'MAIL_AUTH_UNAVAILABLE' });
    failing.mockRestore();
    quiet.mockRestore();
  });
});
