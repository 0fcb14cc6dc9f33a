import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { createTestUser, currentSessionFor, testRequest } from './factories';

// A stand-in for Resend's API on a loopback port: it records each request and answers the way
// POST /emails does. Nothing leaves the machine.
type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> };
type FakeMode = 'accept' | 'fail-json' | 'fail-html';

const API_KEY = 're_test_0123456789abcdef';
const received: RecordedRequest[] = [];
let mode: FakeMode = 'accept';
let server: Server;
let baseUrl: string;
const savedEnv = { RESEND_API_KEY: process.env.RESEND_API_KEY, RESEND_BASE_URL: process.env.RESEND_BASE_URL };

function restoreEnv(name: keyof typeof savedEnv) {
  if (savedEnv[name] === undefined) delete process.env[name];
  else process.env[name] = savedEnv[name];
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : {} });
      if (mode === 'fail-json') {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: 'The fake provider is down' }));
      } else if (mode === 'fail-html') {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html><body>Bad gateway</body></html>');
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `fake-${received.length}-${Date.now()}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Set before anything in this file reads the settings: lib/config/env.ts parses them once, and
  // the Resend client reads RESEND_BASE_URL when it is constructed.
  process.env.RESEND_API_KEY = API_KEY;
  process.env.RESEND_BASE_URL = baseUrl;
});

afterAll(async () => {
  restoreEnv('RESEND_API_KEY');
  restoreEnv('RESEND_BASE_URL');
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  mode = 'accept';
});

async function queueTestEmail(to: string) {
  return prisma.$transaction((tx) => queueEmail(tx, { to, subject: 'Gatehouse: a test notice', body: 'Line one.\nLine two.' }));
}

describe('e-mail delivery through Resend', () => {
  it('posts the security notice with the API key and an idempotency key, then marks the row SENT', async () => {
    const user = await createTestUser({ withTotp: true });
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    await createNewBackupCodes({ current, code: null, request: testRequest() });

    const row = await prisma.outboundMessage.findFirstOrThrow({
      where: { to: user.email },
      select: { id: true, subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
    });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/emails');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers['idempotency-key']).toBe(`gatehouse-${row.id}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.body).toMatchObject({
      to: user.email,
      subject: 'Gatehouse: New backup codes were created',
      text: row.body,
      from: 'Gatehouse <security@gatehouse.localhost>',
    });
    expect(String(request?.body.text)).toMatch(/If it was not you/);
    // The codes themselves are never e-mailed.
    expect(String(request?.body.text)).not.toMatch(/[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/);

    expect(row.status).toBe('SENT');
    expect(row.provider).toBe('resend');
    expect(row.providerMessageId).toMatch(/^fake-1-/);
    expect(row.error).toBeNull();
  });

  it('does not send a row twice: delivering an already-sent message again makes no request', async () => {
    const user = await createTestUser();
    const id = await queueTestEmail(user.email);
    await deliverMessages([id]);
    expect(received).toHaveLength(1);
    await deliverMessages([id]);
    expect(received).toHaveLength(1);
    expect((await prisma.outboundMessage.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe('SENT');
  });

  it('a 500 from the provider marks the row FAILED with the reason, without throwing or logging the body', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      mode = 'fail-json';
      const user = await createTestUser();
      const id = await queueTestEmail(user.email);

      await expect(deliverMessages([id])).resolves.toBeUndefined();

      expect(received).toHaveLength(1);
      const row = await prisma.outboundMessage.findUniqueOrThrow({
        where: { id },
        select: { status: true, provider: true, providerMessageId: true, error: true },
      });
      expect(row.status).toBe('FAILED');
      expect(row.provider).toBe('resend');
      expect(row.providerMessageId).toBeNull();
      expect(row.error).toBe('internal_server_error: The fake provider is down');

      const logged = errorLog.mock.calls.map((call) => call.join(' ')).join('\n');
      expect(logged).toContain(id);
      expect(logged).not.toContain('Line one.');
    } finally {
      errorLog.mockRestore();
    }
  });

  it('an error page that is not JSON also marks the row FAILED with a reason', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      mode = 'fail-html';
      const user = await createTestUser();
      const id = await queueTestEmail(user.email);
      await expect(deliverMessages([id])).resolves.toBeUndefined();
      const row = await prisma.outboundMessage.findUniqueOrThrow({ where: { id }, select: { status: true, error: true } });
      expect(row.status).toBe('FAILED');
      expect(row.error).toMatch(/^application_error: /);
    } finally {
      errorLog.mockRestore();
    }
  });

  it('a batch with a failure in the middle delivers the rest', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const user = await createTestUser();
      const ids = [await queueTestEmail(user.email), await queueTestEmail(user.email), await queueTestEmail(user.email)];
      let calls = 0;
      // The fake fails only the second request of this batch.
      const listener = () => {
        calls++;
        mode = calls === 2 ? 'fail-json' : 'accept';
      };
      server.prependListener('request', listener);
      try {
        await deliverMessages(ids);
      } finally {
        server.removeListener('request', listener);
      }
      const rows = await prisma.outboundMessage.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      const statusById = Object.fromEntries(rows.map((row) => [row.id, row.status]));
      expect(ids.map((id) => statusById[id])).toEqual(['SENT', 'FAILED', 'SENT']);
    } finally {
      errorLog.mockRestore();
    }
  });
});
