import { expect, test } from '@playwright/test';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, signIn, stepsFromNow } from './support';

test('a backup code signs in once and is refused the second time', async ({ page, context }) => {
  const account = await createAccountWithAuthenticator(page);
  const code = account.backupCodes[3] as string;
  await signIn(page, account);
  await answerTokenPrompt(page, code.toUpperCase());
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText('9 of 10 backup codes unused.')).toBeVisible();
  await context.clearCookies();
  await signIn(page, account);
  await answerTokenPrompt(page, code);
  await expect(page.locator('form').getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/token$/);
});

test('Show Codes replaces the whole set, shows it once and e-mails the owner', async ({ page, context }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  // A second factor was proven moments ago, so no further code is asked for.
  await page.getByRole('button', { name: 'Show Codes' }).click();
  const list = page.getByRole('list', { name: 'Backup codes' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const fresh = await list.getByRole('listitem').allTextContents();
  expect(fresh.some((code) => account.backupCodes.includes(code))).toBe(false);
  await expect(page.getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'gatehouse-backup-codes.txt');
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();

  // Shown once: a reload shows the count, never the codes.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Backup codes' })).toHaveCount(0);
  await expect(page.getByText('10 of 10 backup codes unused.')).toBeVisible();

  await page.goto('/dev/outbox');
  await expect(page.getByRole('article', { name: `EMAIL to ${account.email}` }).first()).toContainText('New backup codes were created');

  // The old set no longer works.
  await context.clearCookies();
  await signIn(page, account);
  await answerTokenPrompt(page, account.backupCodes[0] as string);
  await expect(page.locator('form').getByRole('alert')).toHaveText('That code is not valid. Check it and try again.');
  await answerTokenPrompt(page, fresh[0] as string);
  await expect(page).toHaveURL(/\/settings\/security$/);
});
