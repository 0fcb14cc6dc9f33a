import { expect, test } from '@playwright/test';
import { outageURL } from '../playwright.config';
import { uniqueUsNumber } from './messages';
import { seedPhone } from './seed';
import { createAccountWithAuthenticator } from './support';

test('a text-message provider outage tells the user to use another method, and a backup code still gets them in', async ({ page }) => {
  // Set up on the main server, whose texts go to the development outbox.
  const account = await createAccountWithAuthenticator(page);
  await seedPhone(account.email, uniqueUsNumber().e164);

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
