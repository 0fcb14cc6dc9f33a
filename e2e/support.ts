import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { TEST_PASSWORD } from '../tests/support/accounts';
import { appCode, stepsFromNow } from '../tests/support/codes';

// The Playwright-facing helpers: pages driven as a person would. The codes are computed by the
// same pure helpers the integration tests use (tests/support/codes.ts), re-exported here.
export { appCode, stepsFromNow, wrongAppCode } from '../tests/support/codes';
export { TEST_PASSWORD as PASSWORD };

/** A new account for one test, made with the admin command line against the test database. */
export function createAccount(role: 'USER' | 'SUPPORT' | 'ADMIN' = 'USER'): { email: string; password: string } {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  const roleFlags = role === 'USER' ? [] : ['--role', role === 'ADMIN' ? 'platform-admin' : 'platform-support'];
  execFileSync(process.execPath, ['bin/gatehouse.mjs', 'user', 'create', '--email', email, '--password', TEST_PASSWORD, ...roleFlags], {
    env: { ...process.env, GATEHOUSE_DATA_DIR: process.env.GATEHOUSE_E2E_DATA_DIR },
    stdio: 'pipe',
  });
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

/** A user with MFA on and signed out again, ready to sign in through the token prompt. */
export async function createAccountWithAuthenticator(page: Page, role: 'USER' | 'SUPPORT' | 'ADMIN' = 'USER') {
  const account = createAccount(role);
  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const { secret, backupCodes } = await enrolAuthenticator(page);
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  return { ...account, secret, backupCodes };
}

/** A new user with an authenticator app, signed in through the token prompt. */
export async function signInWithApp(page: Page, role: 'USER' | 'SUPPORT' | 'ADMIN' = 'USER') {
  const account = await createAccountWithAuthenticator(page, role);
  await signIn(page, account);
  // The enrolment spent this step's code; the app's next code is inside the ±1 step window.
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
  return account;
}
