import { expect, test } from '@playwright/test';
import { createAccount, signIn, signInAs } from './support';

const NEW_PASSWORD = 'violet kettle harbour 42';

test('changing the password signs out the other sessions, and only the new password signs in afterwards', async ({ page, browser }) => {
  const account = await createAccount();
  await signInAs(page, account);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, account);

  const section = page.getByRole('region', { name: 'Password' });
  await section.getByLabel('Current password').fill(account.password);
  await section.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await section.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}!`);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByLabel('Confirm new password')).toHaveAccessibleDescription(/do not match/);

  await section.getByLabel('Current password').fill(account.password);
  await section.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await section.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByRole('status')).toContainText('Your password was changed. 1 other session was signed out.');

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in$/);
  await other.close();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, account);
  await expect(page.getByRole('alert').filter({ hasText: 'do not match an account' })).toBeVisible();
  await signIn(page, { email: account.email, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/settings\/security$/);
});
