import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { seedAuthenticator } from './seed';
import { createMailbox, newBrand, openUserMenu, signInWithApp } from './support';

/** The staff menu's link, not a link of the page with the same name. */
const staffLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name, exact: true });

async function downloadText(page: Page, link: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return readFile((await download.path()) as string, 'utf8');
}

test('a brand administrator browses Mailboxes, filters "no two-factor", exports the CSV and opens a mailbox', async ({ page }) => {
  const acme = await newBrand({ prefix: 'acme' });
  const withApp = await createMailbox({ domain: acme.domain });
  await seedAuthenticator(withApp.email);
  const without = await createMailbox({ domain: acme.domain });
  await signInWithApp(page, acme.admin);

  await openUserMenu(page);
  await page.getByRole('link', { name: 'Brand settings' }).click();
  await staffLink(page, 'Mailboxes').click();
  await expect(page).toHaveURL(new RegExp(`/admin/brands/${acme.slug}/mailboxes$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Mailboxes' })).toBeVisible();
  await expect(staffLink(page, 'Mailboxes')).toHaveAttribute('aria-current', 'page');
  // The administrator's own mailbox and the one with an app use two-factor authentication: 2 of 3.
  await expect(page.getByRole('heading', { name: '66 % use two-factor authentication' })).toBeVisible();
  await expect(page.getByTestId('count-off')).toHaveText('1');
  const table = page.getByRole('table');
  await expect(table.getByRole('rowheader')).toHaveText([acme.admin.email, withApp.email, without.email].sort());
  await expect(table.getByRole('row').filter({ hasText: withApp.email })).toContainText('Authenticator app');

  await page.getByLabel('Two-factor state', { exact: true }).selectOption({ label: 'No two-factor' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/state=off/);
  await expect(table.getByRole('rowheader')).toHaveText([without.email]);
  await expect(table.getByRole('row').filter({ hasText: without.email })).toContainText('Off');
  const csv = (await downloadText(page, 'Download CSV')).trim().split('\r\n');
  expect(csv).toEqual(['mailbox,two_factor,authenticator_app,phone,email,backup_codes_left,enrolment_deadline,last_sign_in', `${without.email},off,no,no,no,0,,`]);

  await table.getByRole('link', { name: without.email }).click();
  await expect(page).toHaveURL(/\/support\/mailboxes\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(without.email);

  await staffLink(page, 'Activity').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Support opened the mailbox');
});

test('a brand administrator reads the Activity, filters it by kind and mailbox and exports it; the Look has its own page', async ({ page, browser }) => {
  const acme = await newBrand({ prefix: 'acme' });
  const without = await createMailbox({ domain: acme.domain });
  await signInWithApp(page, acme.admin);
  await page.goto(`/admin/brands/${acme.slug}/activity`);
  await expect(page.getByRole('table')).toContainText(without.email);
  await expectNoAxeViolations(page, browser, 'activity');
  await page.getByLabel('Kind').selectOption({ label: 'Account created' });
  await page.getByLabel('Mailbox address contains').fill(without.email);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('table')).toContainText(without.email);
  const activity = (await downloadText(page, 'Download CSV')).trim().split('\r\n');
  expect(activity).toHaveLength(2);
  expect(activity[1]).toContain(`,user.created,Account created,`);
  expect(activity[1]).toContain(without.email);

  await staffLink(page, 'Look').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Look' })).toBeVisible();
  await expectNoAxeViolations(page, browser, 'look');
});

test('the Mailboxes page has no axe violations, with JavaScript on and off', async ({ page, browser }) => {
  const brand = await newBrand({ prefix: 'axe' });
  await seedAuthenticator((await createMailbox({ domain: brand.domain })).email);
  await signInWithApp(page, brand.admin);
  await page.goto(`/admin/brands/${brand.slug}/mailboxes`);
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoAxeViolations(page, browser, 'mailboxes');
});

test('another brand’s administrator sees none of its mailboxes or activity, and a forged URL or CSV request is refused', async ({ page }) => {
  const acme = await newBrand({ prefix: 'acme' });
  const globex = await newBrand({ prefix: 'globex' });
  const acmeMailbox = await createMailbox({ domain: acme.domain });
  await signInWithApp(page, globex.admin);

  await page.goto(`/admin/brands/${globex.slug}/mailboxes`);
  await expect(page.getByRole('table')).not.toContainText(acme.domain);
  await expect(page.getByRole('navigation', { name: 'Staff' })).not.toContainText(acme.name);
  await page.goto(`/admin/brands/${globex.slug}/activity`);
  await expect(page.getByRole('table')).not.toContainText(acme.domain);

  for (const path of ['mailboxes', 'activity', 'look', 'mailboxes?state=off']) {
    expect((await page.goto(`/admin/brands/${acme.slug}/${path}`))?.status(), path).toBe(404);
  }
  for (const path of ['mailboxes.csv', 'mailboxes.csv?state=off', 'activity.csv', `activity.csv?mailbox=${encodeURIComponent(acmeMailbox.email)}`]) {
    const response = await page.request.get(`/admin/brands/${acme.slug}/${path}`);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain(acme.domain);
  }
});

test('bad filters get a clear message, never an error page', async ({ page }) => {
  const brand = await newBrand({ prefix: 'filters' });
  await signInWithApp(page, brand.admin);
  const mailboxes = await page.goto(`/admin/brands/${brand.slug}/mailboxes?state=maybe&page=-3`);
  expect(mailboxes?.status()).toBe(200);
  await expect(page.locator('main').getByRole('alert')).toHaveText('Choose a two-factor state from the list.');
  const activity = await page.goto(`/admin/brands/${brand.slug}/activity?kind=nonsense&page=x`);
  expect(activity?.status()).toBe(200);
  await expect(page.locator('main').getByRole('alert')).toHaveText('Choose a kind of activity from the list.');
  expect((await page.request.get(`/admin/brands/${brand.slug}/mailboxes.csv?state=maybe`)).status()).toBe(400);
});
