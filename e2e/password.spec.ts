import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createAccount, openUserMenu, signIn, signInAs } from './support';

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

  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, account);
  await expect(page.getByRole('alert').filter({ hasText: 'do not match an account' })).toBeVisible();
  await signIn(page, { email: account.email, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('the new password is judged as it is typed: the estimator\'s warning live, and the same refusal from the server', async ({ page }) => {
  const account = await createAccount();
  await signInAs(page, account);
  const section = page.getByRole('region', { name: 'Password' });
  const newPassword = section.getByLabel('New password', { exact: true });

  await newPassword.pressSequentially('Password123');
  await expect(newPassword).toHaveAccessibleDescription(/Strength: weak\. This password will be refused\. This is a commonly used password\./);
  // The account's own address is a word a guesser tries first.
  await newPassword.fill('');
  await newPassword.pressSequentially(`${account.email.split('@')[0]}!`);
  await expect(newPassword).toHaveAccessibleDescription(/will be refused\. There should not be any personal or page related data\./);
  const { violations } = await new AxeBuilder({ page }).include('#password-heading + *').include('form').analyze();
  expect(violations).toEqual([]);
  await newPassword.fill('');
  await newPassword.pressSequentially(NEW_PASSWORD);
  await expect(newPassword).toHaveAccessibleDescription(/Strength: strong\. This password will be accepted\./);

  await newPassword.fill('Password123');
  await section.getByLabel('Current password').fill(account.password);
  await section.getByLabel('Confirm new password').fill('Password123');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(newPassword).toHaveAccessibleDescription(/This password is too easy to guess\. This is a commonly used password\./);
  await expect(section.getByRole('status')).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a guessable new password is refused by the server with the estimator\'s advice, and nothing changes', async ({ page }) => {
    const account = await createAccount();
    await signInAs(page, account);
    const section = page.getByRole('region', { name: 'Password' });
    await section.getByLabel('Current password').fill(account.password);
    await section.getByLabel('New password', { exact: true }).fill('Password123');
    await section.getByLabel('Confirm new password').fill('Password123');
    await section.getByRole('button', { name: 'Change password' }).click();
    await expect(section.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(
      /This password is too easy to guess\. This is a commonly used password\./,
    );
    await openUserMenu(page);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page, account);
    await expect(page).toHaveURL(/\/settings\/security$/);
  });
});
