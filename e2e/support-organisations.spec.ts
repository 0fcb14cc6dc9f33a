import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { readOutbox } from './messages';
import { seedSmsPool } from './seed';
import { appCode, createAccount, createAccountWithAuthenticator, createMailbox, gatehouse, newBrand, openUserMenu, signInAs, stepsFromNow } from './support';
import { axeViolations, axeViolationsWithoutScripts } from './axe';

// The support console's Organisations screen (issue 20, "Staff"): platform support finds a family
// or business account, sees its members, balance and history, and adjusts the balance with a
// reason (audited, in the history, the administrators e-mailed); a brand's support sees its own
// brand's accounts read-only and nothing of another brand's.

async function organisationId(name: string): Promise<string> {
  const all = JSON.parse(await gatehouse('org', 'list', '--json')) as Array<{ id: string; name: string }>;
  const found = all.find((organisation) => organisation.name === name);
  if (!found) throw new Error(`no organisation named ${name}`);
  return found.id;
}

test('platform support finds an organisation, adjusts its balance with a reason, and the administrators are told', async ({ page }) => {
  const admin = await createAccount();
  const name = `The support family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await seedSmsPool(name, 10);
  const staff = await createAccountWithAuthenticator(page, 'SUPPORT');
  await signInAs(page, staff, { code: appCode(staff.secret, stepsFromNow(1)) });

  await openUserMenu(page);
  await page.getByRole('link', { name: 'Support' }).click();
  await page.getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByRole('heading', { name: 'Organisations', level: 1 })).toBeVisible();
  await page.getByLabel('Account name or member address').fill(admin.email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('list', { name: 'Organisations' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: `Members of ${name}` })).toContainText(admin.email);
  await expect(page.getByTestId('credit-balance')).toHaveText('10');
  expect(await axeViolations(page)).toEqual([]);

  await page.locator('summary', { hasText: 'Adjust credits' }).click();
  // Bad input changes nothing and says why.
  await page.getByLabel('Change in credits').fill('12.5');
  await page.getByLabel('Reason').fill('Ticket 5150: goodwill after the outage');
  await page.getByRole('button', { name: 'Adjust credits' }).click();
  await expect(page.getByLabel('Change in credits')).toHaveAccessibleDescription(/whole number of credits/);
  await page.getByLabel('Change in credits').fill('-11');
  await page.getByRole('button', { name: 'Adjust credits' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'below zero' })).toBeVisible();
  await expect(page.getByTestId('credit-balance')).toHaveText('10');

  await page.getByLabel('Change in credits').fill('40');
  await page.getByLabel('Reason').fill('Ticket 5150: goodwill after the outage');
  await page.getByRole('button', { name: 'Adjust credits' }).click();
  await expect(page.getByRole('status')).toContainText('The balance is adjusted');
  await expect(page.getByTestId('credit-balance')).toHaveText('50');
  const history = page.getByRole('table', { name: 'SMS credit history, newest first' });
  await expect(history).toContainText('Ticket 5150: goodwill after the outage');
  await expect(history).toContainText('Platform support');
  expect(await axeViolations(page)).toEqual([]);
  expect(await readOutbox(page, admin.email, 'EMAIL')).toContain('Support added 40 SMS credits');

});

test('without JavaScript platform support adjusts a balance, and the screens pass axe', async ({ page, browser }) => {
  const admin = await createAccount();
  const name = `The plain family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await seedSmsPool(name, 50);
  const staff = await createAccountWithAuthenticator(page, 'SUPPORT');
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  try {
    const plain = await noScript.newPage();
    await signInAs(plain, staff, { code: appCode(staff.secret, stepsFromNow(1)) });
    await plain.goto(`/support/organisations?q=${encodeURIComponent(name)}`);
    expect(await axeViolationsWithoutScripts(plain, browser)).toEqual([]);
    await plain.getByRole('list', { name: 'Organisations' }).getByRole('link', { name }).click();
    await plain.locator('summary', { hasText: 'Adjust credits' }).click();
    await plain.getByLabel('Change in credits').fill('-5');
    await plain.getByLabel('Reason').fill('Ticket 5151: charge reversed by the bank');
    await plain.getByRole('button', { name: 'Adjust credits' }).click();
    await expect(plain.getByRole('status')).toContainText('The balance is adjusted');
    await expect(plain.getByTestId('credit-balance')).toHaveText('45');
    expect(await axeViolationsWithoutScripts(plain, browser)).toEqual([]);
  } finally {
    await noScript.close();
  }
});

test('a brand’s support sees its own brand’s organisations read-only, and nothing of another brand’s', async ({ page }) => {
  const ours = await newBrand({ support: true });
  const theirs = await newBrand({ support: true });
  const ourAdmin = await createMailbox({ domain: ours.domain });
  const theirAdmin = await createMailbox({ domain: theirs.domain });
  const ourName = `Our family ${randomUUID().slice(0, 6)}`;
  const theirName = `Their family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', ourName, '--kind', 'family', '--admin', ourAdmin.email);
  await gatehouse('org', 'create', '--name', theirName, '--kind', 'family', '--admin', theirAdmin.email);
  const staff = await createAccountWithAuthenticator(page, await createMailbox({ domain: ours.domain, role: 'brand-support', brand: ours.slug }));
  await signInAs(page, staff, { code: appCode(staff.secret, stepsFromNow(1)) });

  await page.goto(`/support/organisations?q=${encodeURIComponent(ourName)}`);
  await page.getByRole('list', { name: 'Organisations' }).getByRole('link', { name: ourName }).click();
  await expect(page.getByRole('heading', { name: ourName, level: 1 })).toBeVisible();
  await expect(page.getByText('Only platform support adjusts a balance; you can see it here.')).toBeVisible();
  await expect(page.getByLabel('Change in credits')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);

  // Another brand's account: not found by name or member, and its page is a 404.
  for (const query of [theirName, theirAdmin.email]) {
    await page.goto(`/support/organisations?q=${encodeURIComponent(query)}`);
    await expect(page.getByRole('status')).toHaveText('No family or business account you support matches that.');
  }
  const response = await page.goto(`/support/organisations/${await organisationId(theirName)}`);
  expect(response?.status()).toBe(404);
});
