import { expect, test } from '@playwright/test';
import { outageURL } from '../playwright.config';
import { readCode, uniqueUsNumber } from './messages';
import { answerTokenPrompt, createAccountWithAuthenticator, signIn, totpCode } from './support';

test('a text-message provider outage tells the user to use another method, and a backup code still gets them in', async ({ page, context }) => {
  // Set up on the main server, whose texts go to the development outbox.
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  await answerTokenPrompt(page, totpCode(account.secret, 1));
  await expect(page).toHaveURL(/\/settings\/security$/);
  const phone = uniqueUsNumber();
  await page.goto('/settings/security/phones/new');
  await page.getByLabel('Country', { exact: true }).selectOption('US');
  await page.getByLabel('Phone number').fill(phone.national);
  await page.getByLabel('Text message').check();
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('status')).toContainText(phone.masked);
  await page.getByLabel('Token').fill(await readCode(page, phone.e164, 'SMS'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText(phone.masked);
  await context.clearCookies();

  // Sign in on the instance whose Twilio is down.
  await page.goto(`${outageURL}/sign-in`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/token/);
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(/could not send the code just now\. Please use another method/);
  // Nothing half-sent: the prompt still asks for the app's code, not for a text that never came.
  await expect(page.getByText(/We sent a code/)).toHaveCount(0);

  await page.getByLabel('Token').fill(account.backupCodes[0] as string);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
});
