import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { addPhone, uniqueUsNumber } from './messages';
import { seedPhone } from './seed';
import { appCode, createAccount, createAccountWithAuthenticator, enrolAuthenticator, signInAs, signInWithApp, stepsFromNow } from './support';

test('after adding a backup phone the page offers to sign out the sessions opened before, and that keeps this one', async ({ page, browser }) => {
  const account = await signInWithApp(page);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, account, { code: account.backupCodes[0] as string });

  await addPhone(page, uniqueUsNumber());
  const offer = page.getByRole('status').filter({ hasText: 'Backup phone added.' });
  await expect(offer).toContainText('You are also signed in on 1 other session');
  await offer.getByRole('button', { name: 'Sign out other sessions' }).click();
  await expect(page.getByRole('status')).toHaveText('Your other session was signed out.');

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();
  await other.close();
});

/** `account` signed in a second time, in a browser of its own: the session a change should offer to end. */
async function signInElsewhere(browser: Browser, account: { email: string; password: string }, code: string) {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, account, { code: code });
  return { other, otherPage };
}

/** Accepts the offer in `offer` and checks that the other browser is signed out and this one is not. */
async function acceptOffer(page: Page, offer: Locator, otherPage: Page) {
  await expect(offer).toContainText('You are also signed in on 1 other session');
  await offer.getByRole('button', { name: 'Sign out other sessions' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your other session was signed out.' })).toBeVisible();
  await expect(page.getByText('You are also signed in on')).toHaveCount(0);
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();
}

test('after turning two-factor off the page offers to sign out the sessions opened before', async ({ page, browser }) => {
  const account = await signInWithApp(page);
  const { other, otherPage } = await signInElsewhere(browser, account, account.backupCodes[0] as string);

  await page.getByText('Turn off two-factor authentication').click();
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Disable' }) });
  await form.getByLabel('Password').fill(account.password);
  await form.getByLabel('Token').fill(account.backupCodes[1] as string);
  await form.getByRole('button', { name: 'Disable' }).click();
  await acceptOffer(page, page.getByRole('status').filter({ hasText: 'Two-factor authentication is off.' }), otherPage);
  await other.close();
});

test('after new backup codes are made the page offers to sign out the sessions opened before', async ({ page, browser }) => {
  const account = await signInWithApp(page);
  const { other, otherPage } = await signInElsewhere(browser, account, account.backupCodes[0] as string);

  await page.reload();
  await page.getByRole('button', { name: 'Show Codes' }).click();
  await expect(page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveCount(10);
  await acceptOffer(page, page.getByRole('status').filter({ hasText: 'other session' }), otherPage);
  await other.close();
});

test('after choosing the mobile number for SMS logins the page offers to sign out the sessions opened before', async ({ page, browser }) => {
  const account = await createAccountWithAuthenticator(page);
  const phone = uniqueUsNumber();
  await seedPhone(account.email, phone.e164);
  await signInAs(page, account, { code: appCode(account.secret, stepsFromNow(1)) });
  const { other, otherPage } = await signInElsewhere(browser, account, account.backupCodes[0] as string);

  await page.reload();
  await page.getByRole('form', { name: `Use ${phone.masked} for SMS logins` }).getByRole('button', { name: 'Use for SMS logins' }).click();
  await acceptOffer(page, page.getByRole('status').filter({ hasText: 'Saved: the codes of your SMS password go to that phone.' }), otherPage);
  await other.close();
});

test('after creating an app password the page offers to sign out the sessions opened before', async ({ page, browser }) => {
  const account = await signInWithApp(page);
  const { other, otherPage } = await signInElsewhere(browser, account, account.backupCodes[0] as string);

  await page.reload();
  await page.getByLabel('Device name').fill('Thunderbird');
  await page.getByRole('button', { name: 'Create app password' }).click();
  await expect(page.getByRole('status', { name: 'New app password' })).toBeVisible();
  await acceptOffer(page, page.getByRole('status').filter({ hasText: 'other session' }), otherPage);
  await other.close();
});

test('enabling the authenticator gives the session a new cookie: the one from before no longer signs anyone in', async ({ page, browser }) => {
  const account = await createAccount();
  await signInAs(page, account);
  const before = await page.context().cookies();

  await enrolAuthenticator(page);
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();
  expect(await page.context().cookies()).not.toEqual(before);

  const copied = await browser.newContext();
  await copied.addCookies(before);
  const copiedPage = await copied.newPage();
  await copiedPage.goto('/settings/security');
  await expect(copiedPage).toHaveURL(/\/sign-in$/);
  await copied.close();
});
