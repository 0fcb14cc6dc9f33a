import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { seedAuthenticator } from './seed';
import { createAccount, createMailbox, enrolAuthenticator, newBrand, openUserMenu, signIn, signInAs, signInWithApp } from './support';

// The mailbox owner's flow as MailRoute's guide tells it (issue 21): the brand's name on every
// page, a user menu top right, Account Security with the two-factor status first.

test('a brand’s mailbox sees its brand’s name in the header and every page title; before sign-in, the host’s brand names the page', async ({ page, browser }) => {
  const brand = await newBrand({ prefix: 'owner', host: true, support: true });
  const onHost = await browser.newContext({ baseURL: brand.origin });
  const hostPage = await onHost.newPage();
  await hostPage.goto('/sign-in');
  await expect(hostPage).toHaveTitle(`Sign in · ${brand.name}`);
  await expect(hostPage.getByRole('banner').getByRole('link', { name: brand.name })).toBeVisible();
  await onHost.close();

  // On the platform's own host, the account's brand names the token prompt once the password told us who it is.
  const account = await createMailbox({ domain: brand.domain });
  await seedAuthenticator(account.email);
  await page.goto('/sign-in');
  await expect(page).toHaveTitle(/ · Gatehouse$/);
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token/);
  await expect(page).toHaveTitle(new RegExp(` · ${brand.name}$`));
  await expect(page.getByRole('banner').getByRole('link', { name: brand.name })).toBeVisible();

  await page.context().clearCookies();
  await signInAs(page, await createMailbox({ domain: brand.domain }));
  await expect(page).toHaveTitle(`Account Security · ${brand.name}`);
  await expect(page.getByRole('banner').getByRole('link', { name: brand.name })).toBeVisible();
  await page.goto('/settings/security/phones/new');
  await expect(page).toHaveTitle(`Add a backup phone · ${brand.name}`);
});

test('the user menu, named by the login, holds Account Security, Settings and Sign out, by keyboard', async ({ page, browser }) => {
  const account = await createAccount();
  await signInAs(page, account);
  const menu = page.getByRole('navigation', { name: 'User menu' });
  await expect(menu).toBeHidden();
  await page.locator('details.user-menu > summary').focus();
  await expect(page.locator('details.user-menu > summary')).toContainText(account.email);
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('link')).toHaveText(['Account Security', 'Settings']);
  await expectNoAxeViolations(page, browser, 'the user menu, open');
  await page.keyboard.press('Tab');
  await expect(menu.getByRole('link', { name: 'Account Security' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu.getByRole('link', { name: 'Settings', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectNoAxeViolations(page, browser, 'settings');

  await openUserMenu(page);
  await menu.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the user menu opens and signs out', async ({ page }) => {
    await signInAs(page, await createAccount());
    await openUserMenu(page);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

test('Account Security puts the two-factor status first, explains it and the apps to install before Enable, and names the brand’s support', async ({ page, browser }) => {
  const brand = await newBrand({ prefix: 'owner', support: true });
  await signInAs(page, await createMailbox({ domain: brand.domain }));
  const sections = page.locator('main section[aria-labelledby]');
  await expect(sections.first()).toHaveAttribute('aria-labelledby', 'mfa-heading');
  await expect(page.getByText('MFA status: Off')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What is two-factor authentication?' })).toBeVisible();
  await expect(page.getByText(/something you know \(your password\) and something you have \(your phone\)/)).toBeVisible();
  for (const platform of ['Android', 'iPhone']) {
    const apps = page.getByRole('list', { name: `Authenticator apps for ${platform}` }).getByRole('link');
    expect(await apps.count()).toBeGreaterThanOrEqual(3);
    await expect(apps.first()).toHaveAttribute('href', platform === 'Android' ? /^https:\/\/play\.google\.com\// : /^https:\/\/apps\.apple\.com\//);
  }
  // The guide comes before the button it leads to.
  const guideTop = (await page.getByRole('heading', { name: 'Install an authenticator app' }).boundingBox())?.y ?? Infinity;
  const enableTop = (await page.getByRole('button', { name: 'Enable' }).boundingBox())?.y ?? -Infinity;
  expect(guideTop).toBeLessThan(enableTop);
  await expect(page.getByText(`Questions? Contact ${brand.name} support at help@${brand.domain}.`)).toBeVisible();
  await expect(page.getByRole('link', { name: `help@${brand.domain}` })).toHaveAttribute('href', `mailto:help@${brand.domain}`);
  await expectNoAxeViolations(page, browser, 'account security, the guide');
});

test('the wizard’s last step suggests Add Phone Number and says not to share the backup codes; the phone page advises another phone', async ({ page, browser }) => {
  await signInAs(page, await createAccount());
  await enrolAuthenticator(page);
  await expect(page.getByText('Do not share your backup codes with anyone.')).toBeVisible();
  await expectNoAxeViolations(page, browser, 'the wizard’s last step');
  await page.getByRole('link', { name: 'Add Phone Number' }).click();
  await expect(page).toHaveURL(/\/settings\/security\/phones\/new$/);
  await expect(page.getByRole('note')).toContainText('Choose a number other than the phone that holds your authenticator app');
});

test('a signed-in staff member finds the consoles in the user menu', async ({ page }) => {
  await signInWithApp(page, 'ADMIN');
  await openUserMenu(page);
  const menu = page.getByRole('navigation', { name: 'User menu' });
  await expect(menu.getByRole('link')).toHaveText(['Account Security', 'Settings', 'Platform settings', 'Brand settings', 'Support']);
});
