import { expect, test } from '@playwright/test';
import { createAccount, openUserMenu, signIn } from './support';

test('a user without two-factor signs in and lands on Account Security', async ({ page }) => {
  const account = await createAccount();
  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();
  await expect(page.getByText('MFA status: Off')).toBeVisible();
});

test('an unknown e-mail and a wrong password get the same answer', async ({ page }) => {
  const account = await createAccount();
  await signIn(page, { email: account.email, password: 'not the password at all' });
  const wrongPassword = await page.locator('form').getByRole('alert').textContent();
  await signIn(page, { email: `nobody-${Date.now()}@example.test`, password: 'not the password at all' });
  const unknownEmail = await page.locator('form').getByRole('alert').textContent();
  expect(wrongPassword).toBeTruthy();
  expect(unknownEmail).toBe(wrongPassword);
  // The address stays in the field for the next try; the password never comes back.
  await expect(page.getByLabel('Email')).toHaveValue(/^nobody-/);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('empty fields get a clear message per field', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your e-mail address.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
});

test('signing out ends the session on the server', async ({ page, context }) => {
  await signIn(page, await createAccount());
  await expect(page).toHaveURL(/\/settings\/security$/);
  const cookies = await context.cookies();
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Replaying the old cookie does not bring the session back: its row is revoked.
  await context.addCookies(cookies);
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/sign-in$/);
});
