import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { POLICY_METHODS } from '../lib/core/factor-kinds/methods';
import { DEFAULT_POLICY } from '../lib/policy/policy-settings';
import { createAccount, createMailbox, gatehouse, openUserMenu, postForm, signInAs, signInWithApp } from './support';

const onOff = (value: boolean) => (value ? 'on' : 'off');

// The policy is one row shared by every spec on this server: whatever a test did, put the
// defaults back before the next one runs.
test.afterEach(async () => {
  await gatehouse(
    'platform',
    'set',
    ...POLICY_METHODS.flatMap((method) => [
      `--${method}`,
      onOff(DEFAULT_POLICY[`${method}Available`]),
      `--${method}-self-service`,
      onOff(DEFAULT_POLICY[`${method}SelfService`]),
    ]),
    '--codes-alone',
    onOff(DEFAULT_POLICY.codesMayStandAlone),
    '--allow-2fa',
    onOff(DEFAULT_POLICY.allowTwoFactor),
    '--allow-disable',
    onOff(DEFAULT_POLICY.allowDisable),
    '--allow-app-passwords',
    onOff(DEFAULT_POLICY.allowAppPasswords),
    '--require-2fa',
    onOff(DEFAULT_POLICY.requireTwoFactor),
    '--enrolment-days',
    String(DEFAULT_POLICY.enrolmentDays),
    '--enforce-from',
    DEFAULT_POLICY.enforceFrom ?? 'none',
    '--brands-may-loosen',
    'none',
  );
});

// Issue 17: the brand that set its own keeps a looser value only because the administrator ticks
// "Brands may loosen this"; without it the platform's stricter default holds it too.
test("a platform default reaches every brand that did not set its own, and the brand that did keeps it where brands may loosen it", async ({ page }) => {
  const [follower, overrider] = [`e2e-${randomUUID().slice(0, 8)}`, `e2e-${randomUUID().slice(0, 8)}`];
  for (const slug of [follower, overrider]) await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', `${slug}.example`);
  await gatehouse('brand', 'set', overrider, '--allow-disable', 'on');

  await signInWithApp(page, 'ADMIN');
  await page.goto('/admin/platform');
  const defaults = page.getByRole('region', { name: "Every brand's defaults" });
  await defaults.getByLabel('Allow users to disable 2FA', { exact: true }).uncheck();
  await defaults.getByRole('button', { name: 'Update defaults' }).click();
  await expect(defaults.getByRole('status')).toHaveText('Defaults updated.');

  const settingsOf = async (slug: string) => JSON.parse(await gatehouse('brand', 'show', slug, '--json'));
  expect(await settingsOf(follower)).toMatchObject({ settings: { allowDisable: false }, sources: { allowDisable: 'platform' } });
  expect(await settingsOf(overrider)).toMatchObject({ settings: { allowDisable: false }, sources: { allowDisable: 'platform' }, heldByPlatform: expect.arrayContaining(['allowDisable']) });

  await defaults.getByLabel('Brands may loosen this: Allow users to disable 2FA').check();
  await defaults.getByRole('button', { name: 'Update defaults' }).click();
  await expect(defaults.getByRole('status')).toHaveText('Defaults updated.');
  // The status still shows the first save's words: the history's newest line is this save's, so
  // the settings below are read only once it has committed.
  await expect(page.getByRole('list', { name: 'Recent changes' }).getByRole('listitem').first()).toContainText('Brands may loosen: Allow users to disable 2FA');
  expect(await settingsOf(follower)).toMatchObject({ settings: { allowDisable: false }, sources: { allowDisable: 'platform' } });
  expect(await settingsOf(overrider)).toMatchObject({ settings: { allowDisable: true }, sources: { allowDisable: 'brand' } });
  // The methods form never touched the defaults, nor the defaults form the methods.
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual({ ...DEFAULT_POLICY, allowDisable: false });
});

test('a platform administrator turns phone calls off, sees it saved and in the history, and turns them back on', async ({ page }) => {
  const admin = await signInWithApp(page, 'ADMIN');
  await openUserMenu(page);
  await page.getByRole('link', { name: 'Platform settings' }).click();
  await expect(page).toHaveURL(/\/admin\/platform$/);
  await expect(page.getByRole('heading', { name: 'Platform settings' })).toBeVisible();

  const phoneCallAvailable = page.getByRole('group', { name: 'Phone call' }).getByLabel('Available', { exact: true });
  await expect(phoneCallAvailable).toBeChecked();
  await phoneCallAvailable.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('list', { name: 'Saved settings' })).toContainText('Phone call: not available');
  await expect(phoneCallAvailable).not.toBeChecked();

  await page.reload();
  await expect(phoneCallAvailable).not.toBeChecked();
  await expect(page.getByRole('group', { name: 'Text message' }).getByLabel('Available', { exact: true })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Only a backup to an authenticator app' })).toBeChecked();
  const latestChange = page.getByRole('list', { name: 'Recent changes' }).getByRole('listitem').first();
  await expect(latestChange).toContainText(admin.email);
  await expect(latestChange).toContainText('Phone call, available: off');
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual({ ...DEFAULT_POLICY, voiceAvailable: false });

  await phoneCallAvailable.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(phoneCallAvailable).toBeChecked();
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual(DEFAULT_POLICY);
});

test('turning every method off is refused with a clear message and changes nothing', async ({ page }) => {
  await signInWithApp(page, 'ADMIN');
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.goto('/admin/platform');
  for (const name of ['Authenticator app', 'Text message', 'Phone call', 'E-mail code']) {
    await page.getByRole('group', { name }).getByLabel('Available', { exact: true }).uncheck();
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Keep at least one second factor available.');
  // The form keeps what the administrator ticked, so it can be corrected.
  await expect(page.getByRole('group', { name: 'Phone call' }).getByLabel('Available', { exact: true })).not.toBeChecked();
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual(DEFAULT_POLICY);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form posts to the server and saves', async ({ page }) => {
    await signInWithApp(page, 'ADMIN');
    await expect(page).toHaveURL(/\/settings\/security$/);
    await page.goto('/admin/platform');
    const textSelfService = page.getByRole('group', { name: 'Text message' }).getByLabel('Users can set it up themselves');
    await textSelfService.uncheck();
    await page.getByRole('radio', { name: 'The only second factor' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('main').getByRole('status')).toHaveText('Saved.');
    await expect(textSelfService).not.toBeChecked();
    await page.goto('/admin/platform');
    await expect(textSelfService).not.toBeChecked();
    await expect(page.getByRole('radio', { name: 'The only second factor' })).toBeChecked();
    expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual({
      ...DEFAULT_POLICY,
      smsSelfService: false,
      codesMayStandAlone: true,
    });
  });
});

test('a mailbox user sees no link and gets no page; a signed-out visitor is sent to sign in', async ({ page }) => {
  const response = await page.goto('/admin/platform');
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(response?.ok()).toBe(true);

  await signInAs(page, await createAccount());
  await openUserMenu(page);
  await expect(page.getByRole('link', { name: 'Platform settings' })).toHaveCount(0);
  const forbidden = await page.goto('/admin/platform');
  expect(forbidden?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Platform settings' })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
});

test("the save action refuses a mailbox user who replays an administrator's form", async ({ page, browser }) => {
  // The administrator's page carries the server action's hidden fields; a plain form post needs nothing else.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signInWithApp(adminPage, 'ADMIN');
  await expect(adminPage).toHaveURL(/\/settings\/security$/);
  await adminPage.goto('/admin/platform');
  // The methods form's own fields (the page has a second form, for every brand's defaults).
  const hiddenFields = await adminPage
    .locator('form')
    .filter({ has: adminPage.getByRole('button', { name: 'Save', exact: true }) })
    .locator('input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  expect(hiddenFields.some(([name]) => name.startsWith('$ACTION'))).toBe(true);
  // Everything on except Phone call.
  const fields = [
    ...hiddenFields,
    ...(['totp', 'sms', 'email'] as const).flatMap((provider) => [[`${provider}Available`, 'on'] as const, [`${provider}SelfService`, 'on'] as const]),
    ['voiceSelfService', 'on'] as const,
    ['codesMayStandAlone', 'false'] as const,
  ];

  // The replay itself works: posted by the administrator, it saves.
  const adminResponse = await postForm(adminPage, '/admin/platform', fields);
  expect(adminResponse.status()).toBe(200);
  await expect(adminPage.locator('main').getByRole('status')).toHaveText('Saved.');
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual({ ...DEFAULT_POLICY, voiceAvailable: false });
  await adminContext.close();
  await gatehouse('platform', 'set', '--voice', 'on');

  await signInAs(page, await createAccount());
  const userResponse = await postForm(page, '/admin/platform', fields);
  expect(userResponse.status()).toBe(404);
  expect(JSON.parse(await gatehouse('platform', 'show', '--json'))).toEqual(DEFAULT_POLICY);
});

test('an administrator without two-factor authentication cannot use platform settings', async ({ page }) => {
  await signInAs(page, await createAccount('ADMIN'));
  await page.goto('/admin/platform');
  await expect(page.locator('main').getByRole('alert')).toContainText('Staff tools need two-factor authentication');
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
});

test('a brand screen says when a switch is held by the platform, and frees it once the platform lets brands loosen it', async ({ page, browser }) => {
  const slug = `e2e-${randomUUID().slice(0, 8)}`;
  await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', `${slug}.example`);
  await gatehouse('platform', 'set', '--allow-app-passwords', 'off');

  const brandContext = await browser.newContext();
  const brandPage = await brandContext.newPage();
  await signInWithApp(brandPage, await createMailbox({ domain: `${slug}.example`, role: 'brand-admin', brand: slug }));
  await brandPage.goto(`/admin/brands/${slug}`);
  const appPasswords = brandPage.getByLabel('Allow app-specific passwords');
  await expect(appPasswords).toBeDisabled();
  await expect(appPasswords).not.toBeChecked();
  await expect(appPasswords).toHaveAccessibleDescription(/Held by the platform/);
  // A switch the platform left on the looser side is the brand's to tighten.
  await expect(brandPage.getByLabel('Allow users to disable 2FA')).toBeEnabled();
  await expect(brandPage.getByLabel('Allow users to disable 2FA')).toHaveAccessibleDescription('Platform default.');
  // Saving the form leaves the held switch alone.
  await brandPage.getByRole('button', { name: 'Update', exact: true }).click();
  await expect(brandPage.locator('main').getByRole('status')).toHaveText('Updated.');
  // The command line refuses it too, with the same words.
  await expect(gatehouse('brand', 'set', slug, '--allow-app-passwords', 'on')).rejects.toThrow(/Held by the platform/);

  await signInWithApp(page, 'ADMIN');
  await page.goto('/admin/platform');
  const defaults = page.getByRole('region', { name: "Every brand's defaults" });
  await defaults.getByLabel('Brands may loosen this: Allow app-specific passwords').check();
  await defaults.getByRole('button', { name: 'Update defaults' }).click();
  await expect(defaults.getByRole('status')).toHaveText('Defaults updated.');

  await brandPage.reload();
  await expect(appPasswords).toBeEnabled();
  await expect(appPasswords).toHaveAccessibleDescription('Platform default.');
  await appPasswords.check();
  await brandPage.getByRole('button', { name: 'Update', exact: true }).click();
  await expect(brandPage.locator('main').getByRole('status')).toHaveText('Updated.');
  expect(JSON.parse(await gatehouse('brand', 'show', slug, '--json'))).toMatchObject({ settings: { allowAppPasswords: true }, sources: { allowAppPasswords: 'brand' } });
  await brandContext.close();
});
