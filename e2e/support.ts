import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { TEST_PASSWORD } from '../tests/support/accounts';
import { appCode, stepsFromNow } from '../tests/support/codes';
import { runCommandLine } from '@/lib/cli/run';
import { connect, seedAuthenticator } from './seed';

// The Playwright-facing helpers: pages driven as a person would. The codes are computed by the
// same pure helpers the integration tests use (tests/support/codes.ts), re-exported here.
export { appCode, stepsFromNow, wrongAppCode } from '../tests/support/codes';
export { TEST_PASSWORD as PASSWORD };

type Account = { email: string; password: string };
/** Who an account is: a mailbox user, or the platform's staff (USER, SUPPORT, ADMIN), or as `mailbox` says. */
type Who = 'USER' | 'SUPPORT' | 'ADMIN' | Account;

/** A new account for one test, made with the admin command line against the test database. */
export function createAccount(role: 'USER' | 'SUPPORT' | 'ADMIN' = 'USER'): Promise<Account> {
  return createMailbox(role === 'USER' ? {} : { role: role === 'ADMIN' ? 'platform-admin' : 'platform-support' });
}

/** A new mailbox on `domain` (so in the brand that owns it), holding a staff role when given one. */
export async function createMailbox({ domain = 'example.test', role, brand }: { domain?: string; role?: string; brand?: string } = {}): Promise<Account> {
  const email = `e2e-${randomUUID().slice(0, 8)}@${domain}`;
  await gatehouse('user', 'create', '--email', email, '--password', TEST_PASSWORD, ...(role ? ['--role', role] : []), ...(brand ? ['--brand', brand] : []));
  return { email, password: TEST_PASSWORD };
}

/** Opens the header's user menu (a <details>, so its links and Sign out are then visible), unless it is open. */
export async function openUserMenu(page: Page) {
  const menu = page.locator('details.user-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
}

/**
 * Signs out with the user menu's "Sign out", as a person would, and waits for the sign-in page: from
 * Account Security, or with `here`, from the page the test is on.
 */
export async function signOut(page: Page, { here = false }: { here?: boolean } = {}) {
  if (!here) await page.goto('/settings/security');
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  // The sign-out must reach the server before the next navigation, or it may be cut off.
  await expect(page).toHaveURL(/\/sign-in$/);
}

/**
 * A brand of its own for one test, made with the command line: its mail domain `<slug>.example`,
 * its own host name `account.<slug>.example` (its `origin` on the test server's port), a support
 * contact when `support` says so, and a brand administrator.
 */
export async function newBrand({ prefix = 'e2e', host = false, support = false }: { prefix?: string; host?: boolean; support?: boolean } = {}) {
  const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const hostName = `account.${slug}.example`;
  const name = `Brand ${slug}`;
  await gatehouse(
    'brand', 'create', '--name', name, '--slug', slug, '--domain', domain,
    ...(host ? ['--host', hostName] : []),
    ...(support ? ['--support', `help@${domain}`] : []),
  );
  const admin = await createMailbox({ domain, role: 'brand-admin', brand: slug });
  return { slug, domain, name, host: hostName, origin: `http://${hostName}:${new URL(baseURL).port}`, admin };
}

export async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function answerTokenPrompt(page: Page, code: string) {
  await expect(page).toHaveURL(/\/sign-in\/token(\?|$)/);
  await page.getByLabel('Token').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/**
 * Runs the enrolment wizard as a person would: reads the setup key the page shows, computes the
 * code from it, and returns the key and the backup codes shown at the end.
 */
export async function enrolAuthenticator(page: Page): Promise<{ secret: string; backupCodes: string[] }> {
  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page).toHaveURL(/\/settings\/security\/two-factor$/);
  const secret = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Token').fill(appCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  const list = page.getByRole('list', { name: 'Backup codes' });
  await expect(list).toBeVisible();
  const backupCodes = await list.getByRole('listitem').allTextContents();
  return { secret, backupCodes };
}

/**
 * The enrolment wizard a sign-in under a 2FA requirement lands in, walked as a person would: sets up
 * the authenticator app from the key the page shows and stops at the backup codes. Returns the key.
 */
export async function enrolAtSignIn(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Token').fill(appCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible();
  return secret;
}

/**
 * A user with MFA on and not signed in, ready to sign in through the token prompt. The
 * authenticator is seeded in the database (e2e/seed.ts); e2e/two-factor.spec.ts and the other
 * wizard specs walk the wizard itself with `enrolAuthenticator`.
 */
export async function createAccountWithAuthenticator(_page: Page, who: Who = 'USER') {
  const account = typeof who === 'string' ? await createAccount(who) : who;
  const { secret, backupCodes } = await seedAuthenticator(account.email);
  return { ...account, secret, backupCodes };
}

/**
 * Signs `account` in with plain requests on the page's own context (so its cookies land in the
 * browser), as a browser without JavaScript posts the real forms: the password form, then, when
 * the server asks for it, the token prompt with `code`. The forms are found by their labels
 * ("Email", "Password", "Token") as a person finds them, and nothing is rendered: test setup for the
 * specs whose subject is not the sign-in. Ends where the server sends the session: Account Security.
 */
export async function signInByRequest(page: Page, account: Account, { code }: { code?: string } = {}): Promise<void> {
  const onSignIn = await page.request.get('/sign-in');
  let answer = await submitForm(page, onSignIn, { Email: account.email, Password: account.password });
  if (/\/sign-in\/token(\?|$)/.test(new URL(answer.url()).pathname)) {
    if (code === undefined) throw new Error(`${account.email} was asked for a second factor, and no code was given.`);
    answer = await submitForm(page, answer, { Token: code });
  }
  const landed = new URL(answer.url()).pathname;
  if (landed !== '/settings/security') {
    throw new Error(`Signing ${account.email} in ended at ${landed} (${answer.status()}), not on Account Security.`);
  }
}

type Answer = Awaited<ReturnType<Page['request']['get']>>;

/**
 * Posts the form of the page `answer` holds that has a field for each label of `values`, with
 * those values and the form's own hidden fields, from the page's origin (the Origin header a
 * browser sends), and follows the server's redirects.
 */
async function submitForm(page: Page, answer: Answer, values: Record<string, string>): Promise<Answer> {
  const url = answer.url();
  const html = await answer.text();
  const form = await page.evaluate(
    ({ html, url, values }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const fieldOf = (label: string) => {
        const found = [...doc.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === label);
        const field = found?.htmlFor ? doc.getElementById(found.htmlFor) : found?.querySelector('input');
        return field instanceof HTMLInputElement ? field : null;
      };
      const fields = Object.keys(values).map(fieldOf);
      const element = fields[0]?.form;
      if (!element || fields.some((field) => field?.form !== element)) return { error: `no form with the fields ${Object.keys(values).join(', ')} at ${url}` };
      Object.keys(values).forEach((label, index) => ((fields[index] as HTMLInputElement).value = values[label] as string));
      return {
        action: new URL(element.getAttribute('action') || url, url).href,
        entries: [...new FormData(element).entries()].map(([name, value]) => [name, String(value)] as [string, string]),
      };
    },
    { html, url, values },
  );
  if ('error' in form) throw new Error(form.error);
  const body = new FormData();
  for (const [name, value] of form.entries) body.append(name, value);
  return page.request.post(form.action, { multipart: body, headers: { Origin: new URL(url).origin } });
}

/** `account` signed in by request (with `code` at the token prompt when it has a second factor), then on Account Security. */
export async function signInAs(page: Page, account: Account, { code }: { code?: string } = {}): Promise<void> {
  await signInByRequest(page, account, { code });
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/settings\/security$/);
}

/** A new user with an authenticator app, signed in with its next app code, on Account Security. */
export async function signInWithApp(page: Page, who: Who = 'USER') {
  const account = await createAccountWithAuthenticator(page, who);
  // The app's next code is inside the ±1 step window, and no other test step has spent it.
  await signInAs(page, account, { code: appCode(account.secret, stepsFromNow(1)) });
  return account;
}

/**
 * The admin command line against the end-to-end database, as an operator at the console: the same
 * commands as `npx gatehouse` (lib/cli/run.ts), called in this worker instead of a new process
 * (about two seconds each). Returns what it printed; a refusal throws with what it said on stderr,
 * as a failed process would. e2e/https-cookies.spec.ts still runs the real bin/gatehouse.mjs.
 */
export async function gatehouse(...args: string[]): Promise<string> {
  await connect();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCommandLine(args, { log: (line) => stdout.push(line), error: (line) => stderr.push(line) });
  if (code !== 0) throw new Error(`gatehouse ${args.join(' ')} exited with ${code}:\n${stderr.join('\n')}`);
  return stdout.map((line) => `${line}\n`).join('');
}

/** Posts a plain form from the page's own origin, as a browser without JavaScript would. */
export async function postForm(page: Page, path: string, fields: (readonly [string, string])[]) {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && candidate.url().endsWith(path)),
    page.evaluate(
      ({ action, entries }) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = action;
        form.enctype = 'multipart/form-data';
        for (const [name, value] of entries) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action: path, entries: fields },
    ),
  ]);
  return response;
}
