import { expect, test } from '@playwright/test';
import { addPhone, uniqueUsNumber } from './messages';
import { answerTokenPrompt, signIn, signInWithApp } from './support';

test('after adding a backup phone the page offers to sign out the sessions opened before, and that keeps this one', async ({ page, browser }) => {
  const account = await signInWithApp(page);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account);
  await answerTokenPrompt(otherPage, account.backupCodes[0] as string);
  await expect(otherPage).toHaveURL(/\/settings\/security$/);

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
