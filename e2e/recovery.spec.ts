import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { readCode, uniqueUsNumber } from './messages';
import { seedAlternateEmail, seedAuthenticator, seedPhone, seedRecoveryLink } from './seed';
import { answerTokenPrompt, appCode, createAccount, createMailbox, newBrand, signIn, stepsFromNow } from './support';

// "Forgot password?" as a visitor meets it, with JavaScript on and off: every step is a plain form.

const NEW_PASSWORD = 'lantern orchard velvet 81';

async function startRecovery(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/sign-in\/forgot\/verify$/);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('a user with an authenticator recovers through the alternate address and the app, then signs in with the new password', async ({ page }) => {
      const account = await createAccount();
      const { secret } = await seedAuthenticator(account.email);
      const alternate = `alt-${randomUUID().slice(0, 8)}@elsewhere.test`;
      await seedAlternateEmail(account.email, alternate);

      await startRecovery(page, account.email);
      await page.getByRole('button', { name: 'E-mail a code to a•••@elsewhere.test' }).click();
      await expect(page.getByRole('status')).toHaveText(/We sent a code by e-mail to a•••@elsewhere\.test\./);

      await page.getByLabel('Code we sent').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect(page.locator('form').getByRole('alert')).toHaveText('That code is not valid. Check it and try again.');
      await page.getByLabel('Code we sent').fill(await readCode(page, alternate, 'EMAIL'));
      await page.getByRole('button', { name: 'Verify' }).click();

      await expect(page.getByRole('heading', { level: 1, name: 'Prove it is you a second way' })).toBeVisible();
      await page.getByLabel('Authenticator or backup code').fill(appCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();

      await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
      await page.getByLabel('New password').fill(account.password);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.locator('form').getByRole('alert')).toHaveText('The new password is the same as your current one. Choose a different password.');
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await expect(page.getByLabel('Also revoke app passwords')).toBeChecked();
      await page.getByRole('button', { name: 'Change password' }).click();

      await expect(page).toHaveURL(/\/sign-in\?recovered=1$/);
      await expect(page.getByRole('status')).toHaveText('Password changed. Sign in with your new password.');
      await signIn(page, { email: account.email, password: account.password });
      await expect(page.locator('form').getByRole('alert')).toHaveText('That e-mail address and password do not match an account.');
      await signIn(page, { email: account.email, password: NEW_PASSWORD });
      await answerTokenPrompt(page, appCode(secret, stepsFromNow(1)));
      await expect(page).toHaveURL(/\/settings\/security$/);
    });

    test('a user with only a backup phone is sent to their brand support', async ({ page }) => {
      const brand = await newBrand({ prefix: 'rec', support: true });
      const account = await createMailbox({ domain: brand.domain });
      const phone = uniqueUsNumber();
      await seedPhone(account.email, phone.e164);

      await startRecovery(page, account.email);
      await page.getByRole('button', { name: `Text a code to ${phone.masked}` }).click();
      await page.getByLabel('Code we sent').fill(await readCode(page, phone.e164, 'SMS'));
      await page.getByRole('button', { name: 'Verify' }).click();

      await expect(page.getByRole('heading', { level: 1, name: 'Contact support to reset your password' })).toBeVisible();
      await expect(page.getByText(`Contact ${brand.name} support at help@${brand.domain}`)).toBeVisible();
      await expect(page.getByRole('link', { name: `help@${brand.domain}` })).toHaveAttribute('href', `mailto:help@${brand.domain}`);
    });

    test('support\'s reset link opens only with Continue, then asks for the second factor and is used once', async ({ page }) => {
      const account = await createAccount();
      const { secret } = await seedAuthenticator(account.email);
      await seedAlternateEmail(account.email, `alt-${randomUUID().slice(0, 8)}@elsewhere.test`);
      const link = await seedRecoveryLink(account.email, 'ALTERNATE_EMAIL');

      await page.goto(link);
      await page.goto(link);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Prove it is you a second way' })).toBeVisible();
      await page.getByLabel('Authenticator or backup code').fill(appCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page).toHaveURL(/\/sign-in\?recovered=1$/);

      await page.goto(link);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.locator('form').getByRole('alert')).toHaveText(/This reset link has expired or was already used/);
    });

    test('bad input gets clear messages: an address of 10 kB, an unknown address looks like any other', async ({ page }) => {
      await page.goto('/sign-in/forgot');
      await page.getByLabel('Email').fill(`${'a'.repeat(10_000)}@example.test`);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByLabel('Email')).toHaveAccessibleDescription('That e-mail address is too long.');

      await startRecovery(page, `nobody-${randomUUID().slice(0, 8)}@example.test`);
      await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
      await expect(page.getByRole('button', { name: /^(E-mail|Text) a code to / }).first()).toBeVisible();
    });
  });
}
