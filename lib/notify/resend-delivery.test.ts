import { selfActor } from '@/lib/core/actor';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { envOverrides } from '@/tests/support/env';
import { startFakeResend } from '@/tests/support/fake-providers';
import { createTestUser, currentSessionFor, testRequest } from '@/tests/support/users';

// A stand-in for Resend's API on a loopback port (tests/support/fake-providers.ts): it records
// each request and answers the way POST /emails does. Nothing leaves the machine.
const API_KEY = 're_test_0123456789abcdef';
let fake: Awaited<ReturnType<typeof startFakeResend>>;
const env = envOverrides();

beforeAll(async () => {
  fake = await startFakeResend();
  // Set before anything in this file reads the settings: lib/config/env.ts parses them once, and
  // the Resend client reads RESEND_BASE_URL when it is constructed.
  env.set({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url });
});

afterAll(async () => {
  env.restore();
  await fake.close();
});

beforeEach(() => {
  fake.received.length = 0;
  fake.setMode('accept');
});

async function queueTestEmail(to: string) {
  return prisma.$transaction((tx) => queueEmail(tx, { to, brand: { name: 'Gatehouse', emailFrom: null }, subject: 'a test notice', body: 'Line one.\nLine two.' }));
}

describe('e-mail delivery through Resend', () => {
  it('posts the security notice with the API key and an idempotency key, then marks the row SENT', async () => {
    const user = await createTestUser({ withTotp: true });
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    await createNewBackupCodes({ actor: selfActor(current, testRequest()), userId: current.user.id, code: null });

    const row = await prisma.outboundMessage.findFirstOrThrow({
      where: { to: user.email },
      select: { id: true, subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
    });
    expect(fake.received).toHaveLength(1);
    const [request] = fake.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/emails');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers['idempotency-key']).toBe(`gatehouse-${row.id}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.json).toMatchObject({
      to: user.email,
      subject: 'Gatehouse: New backup codes were created',
      text: row.body,
      from: 'Gatehouse <security@gatehouse.localhost>',
    });
    expect(String(request?.json.text)).toMatch(/If it was not you/);
    // The codes themselves are never e-mailed.
    expect(String(request?.json.text)).not.toMatch(/[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/);

    expect(row.status).toBe('SENT');
    expect(row.provider).toBe('resend');
    expect(row.providerMessageId).toMatch(/^fake-1-/);
    expect(row.error).toBeNull();
  });

  it('does not send a row twice: delivering an already-sent message again makes no request', async () => {
    const user = await createTestUser();
    const id = await queueTestEmail(user.email);
    await deliverMessages([id]);
    expect(fake.received).toHaveLength(1);
    await deliverMessages([id]);
    expect(fake.received).toHaveLength(1);
    expect((await prisma.outboundMessage.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe('SENT');
  });

  it('a 500 from the provider marks the row FAILED with the reason, without throwing or logging the body', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      fake.setMode('fail-json');
      const user = await createTestUser();
      const id = await queueTestEmail(user.email);

      await expect(deliverMessages([id])).resolves.toBeUndefined();

      expect(fake.received).toHaveLength(1);
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
      fake.setMode('fail-html');
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
        fake.setMode(calls === 2 ? 'fail-json' : 'accept');
      };
      fake.server.prependListener('request', listener);
      try {
        await deliverMessages(ids);
      } finally {
        fake.server.removeListener('request', listener);
      }
      const rows = await prisma.outboundMessage.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      const statusById = Object.fromEntries(rows.map((row) => [row.id, row.status]));
      expect(ids.map((id) => statusById[id])).toEqual(['SENT', 'FAILED', 'SENT']);
    } finally {
      errorLog.mockRestore();
    }
  });
});
