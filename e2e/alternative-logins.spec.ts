import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { readCode, uniqueUsNumber } from './messages';
import { seedPhone, seedSmsPool } from './seed';
import { answerTokenPrompt, appCode, createAccount, createAccountWithAuthenticator, gatehouse, signIn, signInAs, signInWithApp, signOut, stepsFromNow } from './support';

// Alternative logins (issue 11, second part): for a computer the owner does not trust. An SMS
// password is finished by a code texted to the mobile number (paid from the family's pool); a
// one-time password works once; the sessions they open are restricted, and a restricted session
// is refused every removal by the verbs, whatever buttons the page shows.

const SMS_PASSWORD = 'internet cafe pass 2026';

async function creditBalanceOf(name: string): Promise<number> {
  const all = JSON.parse(await gatehouse('org', 'list', '--json')) as Array<{ name: string; creditBalance: number }>;
  const found = all.find((organisation) => organisation.name === name);
  if (!found) throw new Error(`no organisation named ${name}`);
  return found.creditBalance;
}

/**
 * An organisation with `admin` as its administrator (with an authenticator app: an administrator
 * without a second factor may change nothing) and `member` as a member, made with the command line.
 */
async function kioskFamily(page: Page) {
  const admin = await createAccountWithAuthenticator(page);
  const member = await createAccount();
  const name = `The kiosk family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await gatehouse('org', 'add-member', '--org', name, '--email', member.email);
  return { admin, member, name };
}

test('the administrator of a family allows SMS logins and buys credits for its members', async ({ page }) => {
  const { admin, name } = await kioskFamily(page);
  await signInAs(page, admin, { code: appCode(admin.secret, stepsFromNow(1)) });
  await page.goto('/org/preferences');
  await page.getByLabel('Allow SMS two-factor logins').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status')).toContainText('SMS two-factor logins are allowed');
  await page.goto('/org/credits');
  await page.getByLabel(/^100 SMS credits/).check();
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.getByRole('status')).toContainText('100 credits added.');
  expect(await creditBalanceOf(name)).toBe(100);
});

test('a member makes an SMS password, signs in with it and the texted code (the pool pays), and that restricted session cannot remove a phone', async ({ page }) => {
  // The family as its administrator leaves it in the test above: SMS logins allowed, 100 credits.
  const { member, name } = await kioskFamily(page);
  await seedSmsPool(name, 100);

  // The member, signed in with the password and an authenticator, marks a mobile number and makes
  // an SMS password.
  const phone = uniqueUsNumber();
  await seedPhone(member.email, phone.e164);
  await signInWithApp(page, member);
  await page.getByRole('form', { name: `Use ${phone.masked} for SMS logins` }).getByRole('button', { name: 'Use for SMS logins' }).click();
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText('Mobile for SMS logins');
  await page.getByRole('link', { name: 'Alternative Logins' }).click();
  await expect(page.getByRole('heading', { name: 'Alternative Logins', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'SMS password' }).fill(SMS_PASSWORD);
  await expect(page.getByRole('checkbox', { name: 'Restricted' }).first()).toBeChecked();
  await page.getByRole('button', { name: 'Create SMS password' }).click();
  await expect(page.getByRole('status')).toContainText('SMS password saved.');
  await signOut(page);

  // At the kiosk: the SMS password, then the code texted to the mobile number.
  const balanceBefore = await creditBalanceOf(name);
  await signIn(page, { email: member.email, password: SMS_PASSWORD });
  await expect(page).toHaveURL(/\/sign-in\/token$/);
  await expect(page.getByRole('heading', { name: 'Enter the code we texted you' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`by text message to ${phone.masked}`);
  await answerTokenPrompt(page, await readCode(page, phone.e164, 'SMS'));
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect(await creditBalanceOf(name)).toBe(balanceBefore - 1);

  // A restricted login: said in the header, and the verb refuses the removal.
  await expect(page.getByTestId('restricted-login')).toHaveText('Restricted login');
  const removeForm = page.getByRole('form', { name: `Remove ${phone.masked}` });
  await removeForm.getByRole('button', { name: 'Remove' }).click();
  await expect(removeForm.getByRole('alert')).toContainText('You signed in with a restricted login');
  await page.goto('/settings/security');
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText(phone.masked);
  // Nor may it open the Alternative Logins page's forms.
  await page.goto('/settings/alternative-logins');
  await expect(page.getByText('You signed in with a restricted login')).toBeVisible();
  await expect(page.getByRole('button', { name: /SMS password/ })).toHaveCount(0);
});

test('a one-time list password signs in once and not twice, and only behind its memorised prefix', async ({ page }) => {
  const account = await signInWithApp(page);
  const prefix = `heron ${randomUUID().slice(0, 4)}`;
  await page.goto('/settings/alternative-logins');
  await page.getByLabel('Memorised prefix (optional)').fill(prefix);
  await page.getByRole('button', { name: 'Generate list' }).click();
  const sheet = page.getByRole('list', { name: 'One-time passwords' });
  await expect(sheet.getByRole('listitem')).toHaveCount(50);
  const line = /([a-z2-9]{4} [a-z2-9]{4})/.exec(await sheet.getByRole('listitem').nth(4).innerText())?.[1];
  if (!line) throw new Error('the sheet shows no one-time password');
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByText('50 of 50 left.')).toBeVisible();
  await signOut(page);

  // The sheet alone opens nothing.
  await signIn(page, { email: account.email, password: line });
  await expect(page.locator('form').getByRole('alert')).toContainText('do not match an account');

  // Prefix and line: two factors, so straight in, restricted.
  await signIn(page, { email: account.email, password: `${prefix} ${line}` });
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId('restricted-login')).toHaveText('Restricted login');
  await signOut(page);

  // The same line again: refused, with a sentence saying why.
  await signIn(page, { email: account.email, password: `${prefix} ${line}` });
  await expect(page.locator('form').getByRole('alert')).toContainText('That one-time password has already been used.');
  await expect(page).toHaveURL(/\/sign-in$/);
});
