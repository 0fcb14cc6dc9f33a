import { expect, test } from '@playwright/test';
import { answerTokenPrompt, appCode, createAccount, enrolAuthenticator, openUserMenu, signIn, stepsFromNow } from './support';

// Every form posts to a server action, so the core flows work with JavaScript turned off.
test.use({ javaScriptEnabled: false });

test('without JavaScript: sign in, enrol an authenticator app, sign out and back in through the token prompt', async ({ page }) => {
  const account = await createAccount();
  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const { secret, backupCodes } = await enrolAuthenticator(page);
  expect(backupCodes).toHaveLength(10);
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await expect(page.getByText('MFA status: On')).toBeVisible();
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, account);
  await answerTokenPrompt(page, '12345');
  await expect(page.getByLabel('Token')).toHaveAccessibleDescription(/Authenticator codes are exactly 6 digits\./);
  await answerTokenPrompt(page, appCode(secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('without JavaScript: a wrong password gets the same message as an unknown account', async ({ page }) => {
  await signIn(page, { email: (await createAccount()).email, password: 'wrong wrong wrong' });
  await expect(page.locator('form').getByRole('alert')).toHaveText('That e-mail address and password do not match an account.');
});
