import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { mailPorts } from './e2e/mail/dovecot';

// End-to-end tests drive real Chromium against the real server (scripts/start.ts, a production
// build) on a fresh embedded PostgreSQL. Chromium comes from Debian (Playwright cannot download
// its own here); .ci/run installs it. A missing browser stops the run instead of skipping tests.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium was not found at ${chromium}. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH). The end-to-end tests cannot run without it.`,
  );
}

// Made once in the main process; the workers inherit it through the environment.
if (!process.env.GATEHOUSE_E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
  chmodSync(dir, 0o755);
  process.env.GATEHOUSE_E2E_DATA_DIR = path.join(dir, 'postgres');
}
// The shared secret between the test server and the Dovecot that e2e/mail-logins.spec.ts starts.
process.env.GATEHOUSE_E2E_MAIL_AUTH_SECRET ??= randomBytes(32).toString('base64url');
// The https deployment's own database and secrets (e2e/https-server.ts, e2e/https-cookies.spec.ts).
if (!process.env.GATEHOUSE_E2E_HTTPS_DATA_DIR) {
  process.env.GATEHOUSE_E2E_HTTPS_DATA_DIR = path.join(mkdtempSync(path.join(os.tmpdir(), 'gatehouse-tls-')), 'postgres');
  process.env.GATEHOUSE_E2E_HTTPS_NEXTAUTH_SECRET = randomBytes(32).toString('base64url');
  process.env.GATEHOUSE_E2E_HTTPS_ENCRYPTION_KEYS = `https1:${randomBytes(32).toString('base64')}`;
}
const port = Number(process.env.E2E_PORT ?? 3210);
const mail = mailPorts();
const outagePort = port + 1;
// The outage server's Twilio that is down: moved with E2E_PORT, so two runs on one machine do not
// collide (3299 for the default 3210).
process.env.FAKE_TWILIO_PORT ??= String(port + 89);
export const baseURL = `http://localhost:${port}`;
export const outageURL = `http://localhost:${outagePort}`;
export const httpsPorts = { app: port + 40, tls: port + 41 };

/** What the https deployment runs with, and what its operator's command line needs to reach it. */
export function httpsDeploymentEnv(): Record<string, string> {
  return {
    GATEHOUSE_ENV: 'production',
    GATEHOUSE_DATA_DIR: process.env.GATEHOUSE_E2E_HTTPS_DATA_DIR as string,
    NEXTAUTH_SECRET: process.env.GATEHOUSE_E2E_HTTPS_NEXTAUTH_SECRET as string,
    GATEHOUSE_ENCRYPTION_KEYS: process.env.GATEHOUSE_E2E_HTTPS_ENCRYPTION_KEYS as string,
  };
}

function serverEnv(serverPort: number, { trustedProxyHops }: { trustedProxyHops: number }): Record<string, string> {
  return {
    // The main server stands behind one (pretend) proxy hop, so tests present addresses of
    // several countries in X-Forwarded-For; the second trusts none (e2e/security.spec.ts).
    TRUSTED_PROXY_HOPS: String(trustedProxyHops),
    NODE_ENV: 'production',
    PORT: String(serverPort),
    GATEHOUSE_URL: `http://localhost:${serverPort}`,
    GATEHOUSE_DATA_DIR: process.env.GATEHOUSE_E2E_DATA_DIR as string,
    GATEHOUSE_DEMO_ACCOUNTS: 'off',
    // A fresh database in a temporary folder: no disk flushes (lib/db/embedded-postgres.ts).
    GATEHOUSE_DATA_THROWAWAY: 'on',
    UV_THREADPOOL_SIZE: String(os.availableParallelism()),
    // Every request of the suite comes from 127.0.0.1: the per-IP send allowance is raised so
    // specs do not share one, and the per-number one lowered so the limit spec is quick.
    // The wait between sends is off here; integration tests cover it.
    CODE_LIMIT_PER_IP_PER_HOUR: '1000',
    CODE_LIMIT_PER_DESTINATION_PER_HOUR: '3',
    CODE_RESEND_WAIT_SECONDS: '0',
    GATEHOUSE_MAIL_AUTH_SECRET: process.env.GATEHOUSE_E2E_MAIL_AUTH_SECRET as string,
    GATEHOUSE_MAIL_IMAP_SERVER: `localhost:${mail.imap}`,
    GATEHOUSE_MAIL_POP3_SERVER: `localhost:${mail.pop3}`,
    GATEHOUSE_MAIL_SUBMISSION_SERVER: `localhost:${mail.submission}`,
  };
}

// One worker by default: on the 2-core machines CI uses, two workers took as long as one (the
// server, PostgreSQL and Chromium already fill both cores; measured again once tests stopped
// driving the wizard: two workers took 16.6 min for 139 tests, with the machine partly busy, and
// one 14.3 min for 114 on an idle one; two also made an https sign-in miss its 5 s) and pushed slow
// tests past their timeouts. E2E_WORKERS raises it on a bigger machine: each test makes its own accounts, brands and
// organisations, so spec files share only the server, and the one spec that changes the platform's
// defaults, which every brand inherits, is a project of its own that runs after all the others.
const PLATFORM_WIDE = /platform-settings\.spec\.ts/;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Brands' host names (account.<brand>.example) reach the test server on this machine;
        // nothing else is resolved differently, and the closed network stays closed.
        '--host-resolver-rules=MAP *.example 127.0.0.1',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: PLATFORM_WIDE },
    { name: 'platform-wide', use: { browserName: 'chromium' }, testMatch: PLATFORM_WIDE, dependencies: ['chromium'] },
  ],
  // Started in this order: the second joins the first one's embedded database.
  webServer: [
    {
      command: 'node --import tsx scripts/start.ts',
      url: `${baseURL}/sign-in`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv(port, { trustedProxyHops: 1 }),
    },
    {
      // The same app with Twilio pointed at a fake that is down: e2e/provider-outage.spec.ts.
      command: 'node --import tsx e2e/outage-server.ts',
      url: `${outageURL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv(outagePort, { trustedProxyHops: 0 }),
    },
    {
      // A deployment over https, on a database of its own: e2e/https-cookies.spec.ts.
      command: 'node --import tsx e2e/https-server.ts',
      url: `https://localhost:${httpsPorts.tls}/sign-in`,
      ignoreHTTPSErrors: true,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...httpsDeploymentEnv(), HTTPS_APP_PORT: String(httpsPorts.app), HTTPS_TLS_PORT: String(httpsPorts.tls) },
    },
  ],
});
