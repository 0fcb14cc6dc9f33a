import http from 'node:http';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { countOutbox } from './messages';

const { hostname, port } = new URL(baseURL);

/** A GET of the outbox straight to the test server's socket, with exactly these headers. */
function getOutbox(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: Number(port), path: '/dev/outbox', headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

const direct = { Host: `${hostname}:${port}` };

test('the development outbox answers a request made on this machine', async () => {
  const answer = await getOutbox(direct);
  expect(answer.status).toBe(200);
  expect(answer.body).toContain('Messages kept here instead of being sent');
});

test('the development outbox refuses any request that came through a proxy', async () => {
  const proxied: Record<string, Record<string, string>> = {
    Forwarded: { ...direct, Forwarded: 'for=203.0.113.9;proto=https' },
    'X-Forwarded-For': { ...direct, 'X-Forwarded-For': '127.0.0.1' },
    'X-Forwarded-Host': { ...direct, 'X-Forwarded-Host': `localhost:${port}` },
    'X-Forwarded-Proto': { ...direct, 'X-Forwarded-Proto': 'https' },
    'X-Real-IP': { ...direct, 'X-Real-IP': '127.0.0.1' },
    Via: { ...direct, Via: '1.1 proxy.example' },
    'a public Host': { Host: 'gatehouse.example.com' },
    "a brand's Host": { Host: `account.acme.example:${port}` },
  };
  for (const [what, headers] of Object.entries(proxied)) {
    const answer = await getOutbox(headers);
    expect(answer.status, what).toBe(404);
    expect(answer.body, what).toContain('Page not found');
    expect(answer.body, what).not.toContain('Messages kept here instead of being sent');
  }
});

test('the development outbox refuses HTTP/1.0, which nginx proxy_pass speaks unless told otherwise', async () => {
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(`GET /dev/outbox HTTP/1.0\r\nHost: localhost:${port}\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  // An HTTP/1.0 exchange ends with the server closing the connection.
  expect(raw).toMatch(/^HTTP\/1\.[01] 404/);
  expect(raw).toContain('Page not found');
  expect(raw).not.toContain('Messages kept here instead of being sent');
});

test('a page that presents a country through X-Forwarded-For is refused the outbox; the tests read it from a context without proxy headers', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '194.25.0.1' });
  const response = await page.goto('/dev/outbox');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Development outbox' })).toHaveCount(0);
  // e2e/messages.ts opens its own context for the outbox, so this page's header does not travel.
  expect(await countOutbox(page, 'nobody@outbox.invalid')).toBe(0);
});
