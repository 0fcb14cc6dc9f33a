import { expect, test } from '@playwright/test';
import { createAccount } from './support';

test('signing in works by keyboard alone', async ({ page }) => {
  const account = await createAccount();
  await page.goto('/sign-in');
  // The e-mail field has focus on arrival; Tab moves through the form in reading order.
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/settings\/security$/);
});
