import { expect, test } from '@playwright/test';
import { answerTokenPrompt, appCode, createAccount, createAccountWithAuthenticator, enrolAuthenticator, signIn, stepsFromNow } from './support';

test('enrolling an authenticator app turns two-factor on, after a code computed from the key the page shows', async ({ page }) => {
  await signIn(page, await createAccount());
  await expect(page.getByText('MFA status: Off')).toBeVisible();
  const { backupCodes } = await enrolAuthenticator(page);
  expect(backupCodes).toHaveLength(10);
  expect(new Set(backupCodes).size).toBe(10);
  await expect(page.getByRole('status')).toContainText('Two-factor authentication is on');
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await expect(page.getByText('MFA status: On')).toBeVisible();
  await expect(page.getByText('10 of 10 backup codes unused.')).toBeVisible();
});

test('the wizard shows a QR code and the key grouped for typing', async ({ page }) => {
  await signIn(page, await createAccount());
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  await expect(page.getByLabel('Setup key')).toHaveText(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
});

test('a wrong code in the wizard leaves two-factor off', async ({ page }) => {
  await signIn(page, await createAccount());
  await page.getByRole('button', { name: 'Enable' }).click();
  await page.getByLabel('Token').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('does not match');
  await page.goto('/settings/security');
  await expect(page.getByText('MFA status: Off')).toBeVisible();
});

test('signing in with two-factor asks for the token and accepts the app code', async ({ page }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  // The enrolment spent this step's code; the app's next code is inside the ±1 step window.
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText('MFA status: On')).toBeVisible();
});

test('a reused token is refused', async ({ page, context }) => {
  const account = await createAccountWithAuthenticator(page);
  const code = appCode(account.secret, stepsFromNow(1));
  await signIn(page, account);
  await answerTokenPrompt(page, code);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await context.clearCookies();
  await signIn(page, account);
  await answerTokenPrompt(page, code);
  await expect(page.locator('form').getByRole('alert')).toContainText('already been used');
  await expect(page).toHaveURL(/\/sign-in\/token$/);
});

test('a pending login cannot open Account Security: every protected page sends it back to the token prompt', async ({ page }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token$/);
  for (const path of ['/settings/security', '/settings/security/two-factor', '/settings/security/phones/new', '/admin/platform', '/']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\/token$/);
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  }
});

test('bad input at the token prompt gets a clear message and signs nobody in', async ({ page }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  const cases: Array<[string, RegExp]> = [
    // Not /6-digit code/ alone: the field's hint says that too, so it would pass before the answer came.
    ['', /Enter the 6-digit code/],
    ['12345', /exactly 6 digits/],
    ['1234567', /exactly 6 digits/],
    ['abcdef', /backup codes/],
    ['9'.repeat(100_000), /too long/],
  ];
  for (const [input, message] of cases) {
    await page.getByLabel('Token').evaluate((element, value) => {
      // The field's maxLength would stop a person typing 100 kB; a script posting the form would not.
      (element as HTMLInputElement).removeAttribute('maxlength');
      (element as HTMLInputElement).value = value;
    }, input);
    await page.getByRole('button', { name: 'Verify' }).click();
    // The message is tied to the field, so a screen reader announces it with the field.
    await expect(page.getByLabel('Token')).toHaveAccessibleDescription(message);
    await expect(page).toHaveURL(/\/sign-in\/token$/);
  }
  // Malformed input spent none of the login's attempts: the right code still works.
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('turning two-factor off needs the password and a current code', async ({ page }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await page.getByText('Turn off two-factor authentication').click();
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Disable' }) });
  await form.getByLabel('Password').fill('wrong password here');
  await form.getByLabel('Token').fill(account.backupCodes[0] as string);
  await form.getByRole('button', { name: 'Disable' }).click();
  await expect(form.getByRole('alert')).toHaveText('That password is not correct.');
  await expect(form.getByLabel('Password')).toHaveAccessibleDescription('That password is not correct.');
  await form.getByLabel('Password').fill(account.password);
  await form.getByLabel('Token').fill(account.backupCodes[0] as string);
  await form.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByText('MFA status: Off')).toBeVisible();
  await page.goto('/dev/outbox');
  await expect(page.getByRole('article', { name: `EMAIL to ${account.email}` }).first()).toContainText(
    'Two-factor authentication was turned off',
  );
});
