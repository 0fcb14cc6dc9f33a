import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { TEST_PASSWORD } from '../tests/support/accounts';
import { appCode, stepsFromNow } from '../tests/support/codes';
import { seedAuthenticator } from './seed';

// The Playwright-facing helpers: pages driven as a person would. The codes are computed by the
// same pure helpers the integration tests use (tests/support/codes.ts), re-exported here.
export { appCode, stepsFromNow, wrongAppCode } from '../tests/support/codes';
export { TEST_PASSWORD as PASSWORD };

type Account = { email: string; password: string };
/** Who an account is: a mailbox user, or the platform's staff (USER, SUPPORT, ADMIN), or as `mailbox` says. */
type Who = 'USER' | 'SUPPORT' | 'ADMIN' | Account;

/** A new account for one test, made with the admin command line against the test database. */
export function createAccount(role: 'USER' | 'SUPPORT' | 'ADMIN' = 'USER'): Account {
  return createMailbox(role === 'USER' ? {} : { role: role === 'ADMIN' ? 'platform-admin' : 'platform-support' });
}

/** A new mailbox on `domain` (so in the brand that owns it), holding a staff role when given one. */
export function createMailbox({ domain = 'example.test', role, brand }: { domain?: string; role?: string; brand?: string } = {}): Account {
  const email = `e2e-${randomUUID().slice(0, 8)}@${domain}`;
  gatehouse('user', 'create', '--email', email, '--password', TEST_PASSWORD, ...(role ? ['--role', role] : []), ...(brand ? ['--brand', brand] : []));
  return { email, password: TEST_PASSWORD };
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
  const account = typeof who === 'string' ? createAccount(who) : who;
  const { secret, backupCodes } = await seedAuthenticator(account.email);
  return { ...account, secret, backupCodes };
}

/** A new user with an authenticator app, signed in through the token prompt. */
export async function signInWithApp(page: Page, who: Who = 'USER') {
  const account = await createAccountWithAuthenticator(page, who);
  await signIn(page, account);
  // The app's next code is inside the ±1 step window, and no other test step has spent it.
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
  return account;
}

/** The admin command line against the end-to-end database, as an operator at the console. */
export function gatehouse(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/gatehouse.mjs', ...args], {
    env: { ...process.env, GATEHOUSE_DATA_DIR: process.env.GATEHOUSE_E2E_DATA_DIR },
    stdio: 'pipe',
    encoding: 'utf8',
  });
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
