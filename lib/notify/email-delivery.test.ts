import { selfActor } from '@/lib/core/actor';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as ResendModule from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { resetEnvCache } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { startSignIn } from '@/tests/support/sign-in';
import { createMfaUser, currentSessionFor, testRequest } from '@/tests/support/users';

// Security notices and e-mail codes must leave through one Resend client and be recorded the same
// way. Each client the code constructs gets its own User-Agent, so the fake server can tell which
// client sent a request; the client is otherwise the real one, pointed at a loopback port.
vi.mock('resend', async (importOriginal) => {
  const actual = await importOriginal<typeof ResendModule>();
  let constructed = 0;
  class TaggedResend extends actual.Resend {
    constructor(key?: string, options?: ConstructorParameters<typeof actual.Resend>[1]) {
      super(key, { ...options, userAgent: `resend-test-client-${++constructed}` });
    }
  }
  return { ...actual, Resend: TaggedResend };
});

type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown>; answer: Record<string, unknown> };

const received: RecordedRequest[] = [];
let isFailing = false;
let server: Server;
const savedEnv = { RESEND_API_KEY: process.env.RESEND_API_KEY, RESEND_BASE_URL: process.env.RESEND_BASE_URL };

function setEnv(values: Partial<Record<keyof typeof savedEnv, string | undefined>>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = isFailing ? 500 : 200;
      const answer = isFailing
        ? { statusCode: 500, name: 'internal_server_error', message: `The fake provider is down (${randomUUID()})` }
        : { id: `fake-${randomUUID()}` };
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : {}, answer });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  setEnv({ RESEND_API_KEY: 're_test_email_delivery_1', RESEND_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});

afterAll(async () => {
  setEnv(savedEnv);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  isFailing = false;
});

/** A security notice to the mailbox and an e-mail code to its alternate address, one after the other. */
async function sendNoticeAndCode() {
  const user = await createMfaUser();
  const request = testRequest();
  const current = await currentSessionFor(user, { secondFactorAt: new Date() });
  await createNewBackupCodes({ actor: selfActor(current, request), userId: current.user.id, code: null });
  // Added after the notice, which would otherwise reach this address too: the code is its one e-mail.
  const alternate = await prisma.alternateEmail.create({
    data: { userId: user.id, address: `alt-${randomUUID()}@example.test` },
    select: { address: true },
  });
  const login = await startSignIn(user, request);
  const codeError = await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'EMAIL' }, request }).then(
    () => null,
    (error: unknown) => error,
  );

  const row = (to: string) =>
    prisma.outboundMessage.findFirstOrThrow({
      where: { to },
      select: { subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
    });
  const requestTo = (to: string) => received.find((entry) => entry.body.to === to);
  return {
    codeError,
    notice: { row: await row(user.email), request: requestTo(user.email) },
    code: { row: await row(alternate.address), request: requestTo(alternate.address) },
  };
}

describe('one delivery path for every e-mail', () => {
  it('a security notice and an e-mail code go out through the same Resend client, with the same headers and sender', async () => {
    const { codeError, notice, code } = await sendNoticeAndCode();
    expect(codeError).toBeNull();
    expect(received).toHaveLength(2);
    if (!notice.request || !code.request) throw new Error('both e-mails should have reached the fake provider');

    expect(code.request.headers['user-agent']).toMatch(/^resend-test-client-\d+$/);
    expect(code.request.headers['user-agent']).toBe(notice.request.headers['user-agent']);
    expect(code.request.headers.authorization).toBe(`Bearer ${process.env.RESEND_API_KEY}`);
    expect(notice.request.headers.authorization).toBe(code.request.headers.authorization);
    expect(notice.request.headers['content-type']).toBe(code.request.headers['content-type']);
    expect([notice.request.method, notice.request.url]).toEqual([code.request.method, code.request.url]);
    expect(notice.request.body.from).toBe(code.request.body.from);

    for (const sent of [notice, code]) {
      expect(sent.row).toMatchObject({ status: 'SENT', provider: 'resend', error: null });
      expect(sent.row.providerMessageId).toBe(sent.request?.answer.id);
    }
  });

  it('a Resend outage is recorded the same way on the notice and on the code, with the reason Resend gave', async () => {
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      isFailing = true;
      const { codeError, notice, code } = await sendNoticeAndCode();
      expect(codeError).toMatchObject({ code: 'DELIVERY_FAILED' });
      expect(received).toHaveLength(2);

      for (const sent of [notice, code]) {
        expect(sent.row).toMatchObject({ status: 'FAILED', provider: 'resend', providerMessageId: null });
        expect(sent.row.error).toContain(String(sent.request?.answer.message));
      }
      // The stored code e-mail keeps none of the code it carried.
      const sentCode = /(\d{6})$/.exec(String(code.request?.body.subject))?.[1];
      if (!sentCode) throw new Error('the code e-mail should carry the code in its subject');
      expect(`${code.row.subject} ${code.row.body}`).not.toContain(sentCode);
    } finally {
      errorLog.mockRestore();
    }
  });

  it('without RESEND_API_KEY both are kept whole in the development outbox and nothing is sent', async () => {
    const { RESEND_API_KEY } = process.env;
    setEnv({ RESEND_API_KEY: undefined });
    try {
      const { codeError, notice, code } = await sendNoticeAndCode();
      expect(codeError).toBeNull();
      expect(received).toEqual([]);
      for (const sent of [notice, code]) expect(sent.row).toMatchObject({ status: 'STORED', provider: 'outbox', providerMessageId: null, error: null });
      expect(code.row.subject).toMatch(/\d{6}$/);
    } finally {
      setEnv({ RESEND_API_KEY });
    }
  });

  it('a changed RESEND_API_KEY is used by both from the next e-mail on', async () => {
    const { RESEND_API_KEY } = process.env;
    setEnv({ RESEND_API_KEY: 're_test_email_delivery_2' });
    try {
      const { notice, code } = await sendNoticeAndCode();
      expect(notice.request?.headers.authorization).toBe('Bearer re_test_email_delivery_2');
      expect(code.request?.headers.authorization).toBe('Bearer re_test_email_delivery_2');
      expect(code.request?.headers['user-agent']).toBe(notice.request?.headers['user-agent']);
    } finally {
      setEnv({ RESEND_API_KEY });
    }
  });
});
