import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { answerTokenPrompt, appCode, enrolAuthenticator, PASSWORD, signIn, stepsFromNow } from './support';

// SECURITY.md "Sessions": cookies take the __Host- prefix in production, with Secure, HttpOnly,
// SameSite=Lax and Path=/. lib/sessions/cookie-settings.test.ts checks the settings; this checks the
// cookies a browser really receives from the real app reached over https. The lowest honest level
// is the real server: the names and flags are set by Next's cookie store and next-auth, and only a
// browser on an https origin keeps a __Host- cookie at all. The app is the production build that
// scripts/start.ts serves, started as a deployment is (GATEHOUSE_ENV=production with secrets of its
// own, on a database of its own: production refuses one that holds development outbox messages,
// as the other test servers' does), with an https GATEHOUSE_URL, behind a small TLS terminator with
// a certificate made for this run, as a deployment's own proxy would stand in front of it.

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
const APP_PORT = BASE_PORT + 40;
const TLS_PORT = BASE_PORT + 41;
const ORIGIN = `https://localhost:${TLS_PORT}`;

let app: ChildProcess | undefined;
let appErrors = '';
let terminator: https.Server | undefined;
let deployment: Record<string, string | undefined> = {};
const deploymentEnv = () => ({ ...deployment, NODE_ENV: 'production' as const });

/** A mailbox of this deployment, made with the operator's command line against its database. */
function createDeploymentAccount() {
  const email = `e2e-${randomBytes(4).toString('hex')}@example.test`;
  execFileSync(process.execPath, ['bin/gatehouse.mjs', 'user', 'create', '--email', email, '--password', PASSWORD], {
    env: deploymentEnv(),
    stdio: 'pipe',
  });
  return { email, password: PASSWORD };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-tls-'));
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'pipe' });
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr.toString()}`);

  // The embedded server's folder must be enterable by its own user (PostgreSQL runs as one under root).
  chmodSync(dir, 0o755);
  const { DATABASE_URL: _shared, GATEHOUSE_DEMO_ACCOUNTS: _demo, ...inherited } = process.env;
  deployment = {
    ...inherited,
    GATEHOUSE_ENV: 'production',
    GATEHOUSE_DATA_DIR: path.join(dir, 'postgres'),
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    GATEHOUSE_ENCRYPTION_KEYS: `https1:${randomBytes(32).toString('base64')}`,
  };
  app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...deploymentEnv(),
      PORT: String(APP_PORT),
      GATEHOUSE_URL: ORIGIN,
      // The terminator is this deployment's one proxy: it reports the client's address.
      TRUSTED_PROXY_HOPS: '1',
      CODE_RESEND_WAIT_SECONDS: '0',
    },
  });
  app.stderr?.on('data', (chunk: Buffer) => (appErrors += chunk.toString()));

  terminator = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: APP_PORT,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => terminator?.listen(TLS_PORT, '127.0.0.1', resolve));

  // Up once the sign-in page answers through the terminator.
  const deadline = Date.now() + 150_000;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      https.get(`${ORIGIN}/sign-in`, { rejectUnauthorized: false }, (answer) => {
        answer.resume();
        resolve(answer.statusCode ?? 0);
      }).on('error', () => resolve(0));
    });
    if (status === 200) break;
    if (app.exitCode !== null || Date.now() > deadline) throw new Error(`the https test server did not start:\n${appErrors}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
});

test.afterAll(async () => {
  app?.kill('SIGTERM');
  await new Promise<void>((resolve) => (terminator ? terminator.close(() => resolve()) : resolve()));
});

test('over https, the pending login and the session are __Host- cookies: Secure, HttpOnly, SameSite=Lax, Path=/', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ baseURL: ORIGIN, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const setCookies: string[] = [];
  page.on('response', async (response) => {
    const header = await response.headerValue('set-cookie');
    if (header) setCookies.push(...header.split('\n'));
  });

  // The first requests of a freshly started server load its route bundles: given time here, once.
  const account = createDeploymentAccount();
  await signIn(page, account);
  await expect(page).toHaveURL(`${ORIGIN}/settings/security`, { timeout: 120_000 });
  const { secret } = await enrolAuthenticator(page);
  await context.clearCookies();
  setCookies.length = 0;
  await signIn(page, account);
  await expect(page).toHaveURL(`${ORIGIN}/sign-in/token`);
  const pending = (await context.cookies()).filter((cookie) => cookie.name.includes('gatehouse'));
  expect(pending.map((cookie) => cookie.name)).toEqual(['__Host-gatehouse.pending-login']);

  await answerTokenPrompt(page, appCode(secret, stepsFromNow(1)));
  await expect(page).toHaveURL(`${ORIGIN}/settings/security`);
  const cookies = (await context.cookies()).filter((cookie) => cookie.name.includes('gatehouse'));
  expect(cookies.map((cookie) => cookie.name)).toContain('__Host-gatehouse.session');
  for (const cookie of cookies) {
    expect(cookie.name).toMatch(/^__Host-/);
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/', domain: 'localhost' });
  }

  // As the server wrote them: the prefix, Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain.
  const written = setCookies.filter((line) => /gatehouse\.(session|pending-login)=[^;]/.test(line));
  expect(written.length).toBeGreaterThanOrEqual(2);
  for (const line of written) {
    expect(line).toMatch(/^__Host-gatehouse\./);
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Path=\/(;|$)/i);
    expect(line).not.toMatch(/;\s*Domain=/i);
  }
  await context.close();
});
