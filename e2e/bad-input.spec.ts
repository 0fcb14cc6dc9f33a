import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createMailbox, signInWithApp } from './support';

// Bad input never gives a 500: a notice named by the query string is looked up among the page's
// own notices only, so `__proto__`, `constructor` or a repeated parameter show the page without one.
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

async function expectPageWithoutNotice(page: Page, url: string, heading: string | RegExp) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
}

test('the security and alternative-logins pages ignore a notice that is not one of theirs', async ({ page }) => {
  await signInWithApp(page);
  for (const name of NAMES) {
    await expectPageWithoutNotice(page, `/settings/security?notice=${name}`, 'Account Security');
    await expectPageWithoutNotice(page, `/settings/alternative-logins?notice=${name}`, 'Alternative Logins');
  }
  await expectPageWithoutNotice(page, '/settings/security?notice=__proto__&notice=constructor', 'Account Security');
  // A real notice still shows.
  await page.goto('/settings/security?notice=phone-added');
  await expect(page.getByRole('status')).toContainText('Backup phone added.');
});

test('a support mailbox page ignores a "done" that is not one of its own', async ({ page }) => {
  const domain = `bad-input-${randomUUID().slice(0, 8)}.test`;
  const mailbox = await createMailbox({ domain });
  await signInWithApp(page, 'SUPPORT');
  await page.goto(`/support?q=${encodeURIComponent(domain)}`);
  await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: mailbox.email }).click();
  await expect(page.getByRole('heading', { name: mailbox.email })).toBeVisible();
  const mailboxUrl = page.url();
  for (const name of NAMES) await expectPageWithoutNotice(page, `${mailboxUrl}?done=${name}`, mailbox.email);
});
