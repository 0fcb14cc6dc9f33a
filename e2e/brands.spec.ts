import { expect, test } from '@playwright/test';
import { createMailbox, gatehouse, newBrand, openUserMenu, postForm, signInWithApp } from './support';

test('a brand administrator turns "Allow users to disable 2FA" off: that brand’s users find no Disable, another brand’s still do', async ({
  page,
  browser,
}) => {
  const [strict, relaxed] = [await newBrand(), await newBrand()];
  await signInWithApp(page, strict.admin);
  await openUserMenu(page);
  await page.getByRole('link', { name: 'Brand settings' }).click();
  // Its own brand only: one entry, with its settings and its domains.
  await expect(page.getByRole('list', { name: 'Brands' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Brands' }).getByRole('link')).toHaveText([`Brand ${strict.slug}`, `Domains of Brand ${strict.slug}`]);
  await page.getByRole('list', { name: 'Brands' }).getByRole('link', { name: `Brand ${strict.slug}`, exact: true }).click();
  const allowDisable = page.getByLabel('Allow users to disable 2FA');
  await expect(allowDisable).toBeChecked();
  await allowDisable.uncheck();
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('Updated.');
  await expect(page.getByLabel('Allow users to disable 2FA')).not.toBeChecked();
  await expect(page.getByText(/Set by this brand \(platform default: on\)/)).toBeVisible();
  expect(JSON.parse(await gatehouse('brand', 'show', strict.slug, '--json')).settings.allowDisable).toBe(false);

  // A user of the strict brand: no Disable, and a replayed Disable form is refused.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  const strictUser = await signInWithApp(userPage, await createMailbox({ domain: strict.domain }));
  await expect(userPage.getByText('Turn off two-factor authentication')).toHaveCount(0);
  await expect(userPage.getByText(/does not let you turn two-factor authentication off/)).toBeVisible();

  // A user of another brand still has Disable; its form's hidden fields (read without JavaScript,
  // as the server renders them) replayed by the strict user are refused.
  const otherContext = await browser.newContext({ javaScriptEnabled: false });
  const otherPage = await otherContext.newPage();
  const other = await signInWithApp(otherPage, await createMailbox({ domain: relaxed.domain }));
  await otherPage.getByText('Turn off two-factor authentication').click();
  const disableForm = otherPage.locator('form').filter({ has: otherPage.getByRole('button', { name: 'Disable' }) });
  const hidden = await disableForm
    .locator('input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  expect(hidden.length).toBeGreaterThan(0);

  // The strict user's own password and a valid backup code: only the brand's setting stands in the way.
  await postForm(userPage, '/settings/security', [...hidden, ['password', strictUser.password], ['code', strictUser.backupCodes[0] ?? '']]);
  const users: Array<{ email: string; isMfaEnabled: boolean; unusedBackupCodes: number }> = JSON.parse(await gatehouse('user', 'list', '--json'));
  expect(users.find((row) => row.email === strictUser.email)).toMatchObject({ isMfaEnabled: true, unusedBackupCodes: 10 });
  expect(users.find((row) => row.email === other.email)).toMatchObject({ isMfaEnabled: true });
  await userContext.close();
  await otherContext.close();
});

test('a brand administrator of one brand cannot open another brand’s settings', async ({ page }) => {
  const [acme, globex] = [await newBrand(), await newBrand()];
  await signInWithApp(page, acme.admin);
  const own = await page.goto(`/admin/brands/${acme.slug}`);
  expect(own?.status()).toBe(200);
  const other = await page.goto(`/admin/brands/${globex.slug}`);
  expect(other?.status()).toBe(404);
  await expect(page.getByLabel('Allow users to disable 2FA')).toHaveCount(0);
});

test('a forged post of the brand form for another brand is refused and changes nothing', async ({ browser }) => {
  const [acme, globex] = [await newBrand(), await newBrand()];
  // The server renders the action's hidden fields; read without JavaScript, as a plain form would post them.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInWithApp(page, acme.admin);
  await page.goto(`/admin/brands/${acme.slug}`);
  // The settings form's own fields (the page has a second form, for the look).
  const settingsForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Update', exact: true }) });
  const hidden = await settingsForm
    .locator('input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  const fields = hidden.map(([name, value]) => [name, name === 'slug' ? globex.slug : value] as const);
  expect(fields.some(([name, value]) => name === 'slug' && value === globex.slug)).toBe(true);
  // Every box left unticked: were it accepted, Globex would lose two-factor entirely.
  await postForm(page, `/admin/brands/${acme.slug}`, fields);
  await expect(page.getByRole('alert')).toContainText('You are not allowed to do that.');
  const globexSettings = JSON.parse(await gatehouse('brand', 'show', globex.slug, '--json'));
  expect(globexSettings.settings).toMatchObject({ allowTwoFactor: true, allowDisable: true, totpAvailable: true });
  expect(new Set(Object.values(globexSettings.sources))).toEqual(new Set(['platform']));
  await context.close();
});

test('a mailbox user has no brand screens at all', async ({ page }) => {
  const brand = await newBrand();
  await signInWithApp(page, await createMailbox({ domain: brand.domain }));
  await openUserMenu(page);
  await expect(page.getByRole('link', { name: 'Brand settings' })).toHaveCount(0);
  expect((await page.goto('/admin/brands'))?.status()).toBe(404);
  expect((await page.goto(`/admin/brands/${brand.slug}`))?.status()).toBe(404);
});
