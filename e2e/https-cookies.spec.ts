import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type Response } from '@playwright/test';
import { httpsDeploymentEnv, httpsPorts } from '../playwright.config';
import { answerTokenPrompt, appCode, enrolAuthenticator, PASSWORD, signIn, stepsFromNow } from './support';

// SECURITY.md "Sessions": cookies take the __Host- prefix in production, with Secure, HttpOnly,
// SameSite=Lax and Path=/. lib/sessions/cookie-settings.test.ts checks the settings; this checks the
// cookies a browser really receives from the real app reached over https. The lowest honest level
// is the real server: the names and flags are set by Next's cookie store and next-auth, and only a
// browser on an https origin keeps a __Host- cookie at all. The app is the production build that
// scripts/start.ts serves, started as a deployment is (GATEHOUSE_ENV=production with secrets of its
// own, on a database of its own: production refuses one that holds development outbox messages,
// as the other test servers' does), with an https GATEHOUSE_URL, behind a small TLS terminator with
// a certificate made for this run, as a deployment's own proxy would stand in front of it: the
// server is e2e/https-server.ts, started with the others by playwright.config.ts.

const ORIGIN = `https://localhost:${httpsPorts.tls}`;

/** A mailbox of this deployment, made with the operator's real command line (bin/gatehouse.mjs) against its database. */
function createDeploymentAccount() {
  const email = `e2e-${randomBytes(4).toString('hex')}@example.test`;
  const { DATABASE_URL: _shared, GATEHOUSE_DEMO_ACCOUNTS: _demo, ...inherited } = process.env;
  execFileSync(process.execPath, ['bin/gatehouse.mjs', 'user', 'create', '--email', email, '--password', PASSWORD], {
    env: { ...inherited, ...httpsDeploymentEnv(), NODE_ENV: 'production' },
    stdio: 'pipe',
  });
  return { email, password: PASSWORD };
}

test('over https, the pending login and the session are __Host- cookies: Secure, HttpOnly, SameSite=Lax, Path=/', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: ORIGIN, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  // Each response's headers are read as it arrives; the reads are awaited before the assertions, and
  // the listener is taken off before the context closes (a late response, such as a prefetch, would
  // otherwise be read from a closed page and fail the test after it passed).
  const setCookies: string[] = [];
  const reads: Promise<void>[] = [];
  const collect = (response: Response) => {
    reads.push(response.headerValue('set-cookie').then((header) => void (header && setCookies.push(...header.split('\n')))));
  };
  page.on('response', collect);

  const account = createDeploymentAccount();
  await signIn(page, account);
  await expect(page).toHaveURL(`${ORIGIN}/settings/security`);
  const { secret } = await enrolAuthenticator(page);
  await context.clearCookies();
  await Promise.all(reads);
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
  page.off('response', collect);
  await Promise.all(reads);
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
