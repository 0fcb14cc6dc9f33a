import { expect, test, type Page } from '@playwright/test';
import { countOutbox, expireCodesOf, readCode, uniqueUsNumber } from './messages';
import { answerTokenPrompt, createAccountWithAuthenticator, signIn, signInWithApp } from './support';
import { seedPhone } from './seed';

/** A user with an authenticator app and a confirmed backup phone, not signed in: seeded (e2e/seed.ts). */
async function accountWithPhone(page: Page) {
  const account = await createAccountWithAuthenticator(page);
  const phone = uniqueUsNumber();
  await seedPhone(account.email, phone.e164);
  return { ...account, phone };
}

async function textMeACode(page: Page, phone: { e164: string; masked: string }): Promise<string> {
  // A resend shows the same status line as the first send, so wait for the message itself.
  const before = await countOutbox(page, phone.e164);
  await page.locator('form').filter({ hasText: phone.masked }).getByRole('button', { name: 'Text me a code' }).click();
  await expect.poll(() => countOutbox(page, phone.e164)).toBe(before + 1);
  await expect(page.getByRole('status')).toContainText(`by text message to ${phone.masked}`);
  return readCode(page, phone.e164, 'SMS');
}

test('the token prompt offers texts and calls, and says an authenticator app is safer', async ({ page }) => {
  const account = await accountWithPhone(page);
  await signIn(page, account);
  await expect(page.getByRole('button', { name: 'Text me a code' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Call me' })).toBeVisible();
  await expect(page.getByText(/Text messages and calls are the weakest way to sign in/)).toBeVisible();
  await expect(page.getByText(/An authenticator app is safer/)).toBeVisible();
});

test('signing in with a text-message code; the code is refused the second time, on another sign-in', async ({ page, context }) => {
  const account = await accountWithPhone(page);
  await signIn(page, account);
  const first = await textMeACode(page, account.phone);
  await answerTokenPrompt(page, first);
  await expect(page).toHaveURL(/\/settings\/security$/);

  await context.clearCookies();
  await signIn(page, account);
  await textMeACode(page, account.phone);
  await answerTokenPrompt(page, first);
  await expect(page.locator('form').getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/token/);
});

test('a code sent for one pending login is refused on another', async ({ page, browser }) => {
  const account = await accountWithPhone(page);
  await signIn(page, account);
  const codeForFirstLogin = await textMeACode(page, account.phone);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account);
  await textMeACode(otherPage, account.phone);
  await answerTokenPrompt(otherPage, codeForFirstLogin);
  await expect(otherPage.locator('form').getByRole('alert')).toBeVisible();
  await expect(otherPage).toHaveURL(/\/sign-in\/token/);
  await other.close();
});

test('after a resend the first code is refused and the new one works', async ({ page }) => {
  const account = await accountWithPhone(page);
  await signIn(page, account);
  const first = await textMeACode(page, account.phone);
  const second = await textMeACode(page, account.phone);
  await answerTokenPrompt(page, first);
  await expect(page.locator('form').getByRole('alert')).toHaveText(/not valid/);
  await answerTokenPrompt(page, second);
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('an expired code is refused', async ({ page }) => {
  const account = await accountWithPhone(page);
  await signIn(page, account);
  const code = await textMeACode(page, account.phone);
  await expireCodesOf(account.email);
  await answerTokenPrompt(page, code);
  await expect(page.locator('form').getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/token/);
});

test('signing in with an e-mail code sent to a confirmed alternate address', async ({ page, context }) => {
  const account = await signInWithApp(page);
  const alternate = `alt-${Date.now()}@example.net`;
  await page.getByRole('link', { name: 'Add alternate e-mail' }).click();
  await page.getByLabel('Alternate e-mail address').fill(alternate);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('status')).toContainText('a•••@example.net');
  await page.getByLabel('Token').fill(await readCode(page, alternate, 'EMAIL'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/notice=email-added$/);

  await context.clearCookies();
  await signIn(page, account);
  await page.getByRole('button', { name: 'E-mail me a code' }).click();
  await expect(page.getByRole('status')).toContainText('by e-mail to a•••@example.net');
  await answerTokenPrompt(page, await readCode(page, alternate, 'EMAIL'));
  await expect(page).toHaveURL(/\/settings\/security$/);
});
