import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { CLIENT_IP_HEADER, EDGE_TOKEN_HEADER, PEER_IP_HEADER } from '@/lib/http/client-ip';
import { createTestAppPassword } from './support/app-passwords';
import { envOverrides } from './support/env';
import { mailLoginKey } from './support/limits';
import { createTestUser } from './support/users';

// The route handler as Next runs it, behind scripts/start.ts: the edge server's headers are what
// next/headers returns, so each test says which machine is calling.
const EDGE_TOKEN = 'edge-token-of-this-test';
const SECRET = 'the-mail-auth-secret-of-this-test-file';
let edgeHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => edgeHeaders }));
const { POST } = await import('@/app/api/mail-auth/route');

const env = envOverrides();
beforeAll(() => env.set({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET, GATEHOUSE_EDGE_TOKEN: EDGE_TOKEN, GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: undefined }));
afterAll(() => env.restore());
beforeEach(() => calledFrom('127.0.0.1'));

function calledFrom(peer: string, client = peer) {
  edgeHeaders = new Headers({ [EDGE_TOKEN_HEADER]: EDGE_TOKEN, [PEER_IP_HEADER]: peer, [CLIENT_IP_HEADER]: client });
}

function post(body: unknown, { secret = SECRET, headers = {} }: { secret?: string | null; headers?: Record<string, string> } = {}) {
  return POST(
    new Request('http://localhost/api/mail-auth', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
    }),
  );
}

/** What a decided login would leave behind for this mailbox and address: audit rows and throttle counts. */
async function traces(user: { id: string; email: string }, clientIp: string) {
  return {
    audit: await prisma.auditEvent.count({ where: { userId: user.id } }),
    limits: await prisma.rateLimit.count({ where: { key: { in: [`fail:${mailLoginKey(user.email)}`, `ipfail:mail:${clientIp}`] } } }),
  };
}

describe('POST /api/mail-auth', () => {
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
