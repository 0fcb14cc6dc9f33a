import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { axeViolations, axeViolationsWithoutScripts } from './axe';
import { createMailbox, newBrand, signInWithApp } from './support';

const freshDomain = () => `dom-${randomUUID().slice(0, 8)}.example`;

test('a brand administrator asks for a domain whose mailboxes exist; after a platform administrator approves, they are the brand’s', async ({ page, browser }) => {
  // Two staff sign-ins in two browsers and two axe runs: on the shared 2-core machine this passed 60 s.
  test.slow();
  const brand = await newBrand({ prefix: 'doms' });
  const domain = freshDomain();
  await createMailbox({ domain });
  await createMailbox({ domain });
  await signInWithApp(page, brand.admin);

  await page.goto(`/admin/brands/${brand.slug}/domains`);
  await expect(page.getByRole('heading', { name: `Domains of ${brand.name}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Mail domains' })).toContainText(brand.domain);
  const mailDomains = page.getByRole('region', { name: 'Mail domains' });
  await mailDomains.getByRole('textbox', { name: 'Mail domain' }).fill(domain);
  await mailDomains.getByRole('button', { name: 'Add domain' }).click();
  await expect(mailDomains.getByRole('status')).toContainText('a platform administrator must approve');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Waiting requests' })).toContainText(domain);
  expect(await axeViolations(page)).toEqual([]);

  // The platform's administrator, in a browser of their own.
  const platform = await browser.newContext();
  try {
    const platformPage = await platform.newPage();
    await signInWithApp(platformPage, 'ADMIN');
    await platformPage.goto('/admin/brands');
    const requests = platformPage.getByRole('list', { name: 'Waiting domain requests' });
    await expect(requests).toContainText(`${domain} for ${brand.name}`);
    await expect(requests).toContainText('2 mailboxes would move');
    expect(await axeViolations(platformPage)).toEqual([]);
    await requests.getByRole('button', { name: `Approve ${domain}` }).click();
    // The answered request leaves the list (its row, and the form with it, are gone).
    await expect(platformPage.getByText(`${domain} for ${brand.name}`)).toHaveCount(0);
  } finally {
    await platform.close();
  }

  await page.reload();
  const owned = page.getByRole('list', { name: 'Mail domains' }).getByRole('listitem').filter({ hasText: domain });
  await expect(owned).toContainText('2 mailboxes');
  // A domain with mailboxes offers no Remove; the request shows as answered.
  await expect(owned.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Answered requests' })).toContainText(`${domain}: Approved, 2 mailboxes moved in`);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a brand administrator adds and removes a free domain and a host name, and another brand’s domain is refused', async ({ page, browser }) => {
    const brand = await newBrand({ prefix: 'domnojs' });
    const other = await newBrand({ prefix: 'domother' });
    await signInWithApp(page, brand.admin);
    await page.goto(`/admin/brands/${brand.slug}/domains`);
    const mailDomains = page.getByRole('region', { name: 'Mail domains' });

    await mailDomains.getByRole('textbox', { name: 'Mail domain' }).fill(other.domain);
    await mailDomains.getByRole('button', { name: 'Add domain' }).click();
    await expect(page.getByRole('alert')).toHaveText('Another brand already owns that mail domain.');
    await expect(page.getByRole('alert')).not.toContainText(other.slug);

    const domain = freshDomain();
    await page.goto(`/admin/brands/${brand.slug}/domains`);
    await page.getByRole('region', { name: 'Mail domains' }).getByRole('textbox', { name: 'Mail domain' }).fill(domain);
    await page.getByRole('region', { name: 'Mail domains' }).getByRole('button', { name: 'Add domain' }).click();
    await expect(page.getByRole('status')).toHaveText(`${domain} is now the brand's.`);
    await page.goto(`/admin/brands/${brand.slug}/domains`);
    await expect(page.getByRole('list', { name: 'Mail domains' })).toContainText(domain);

    const host = `account.${domain}`;
    const hosts = page.getByRole('region', { name: 'Host names' });
    await hosts.getByRole('textbox', { name: 'Host name' }).fill(host);
    await hosts.getByRole('button', { name: 'Add host name' }).click();
    await expect(page.getByRole('status')).toHaveText(`The brand's sign-in page now answers on ${host}.`);
    await page.goto(`/admin/brands/${brand.slug}/domains`);
    expect(await axeViolationsWithoutScripts(page, browser)).toEqual([]);
    // A removed row goes, with its form: the list no longer holds it.
    await page.getByRole('button', { name: `Remove ${host}` }).click();
    await expect(page.getByRole('button', { name: `Remove ${host}` })).toHaveCount(0);
    await expect(page.getByText('The brand has no host name yet.')).toBeVisible();
    await page.getByRole('button', { name: `Remove ${domain}` }).click();
    await expect(page.getByRole('button', { name: `Remove ${domain}` })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Mail domains' })).not.toContainText(domain);
  });

  test('a logo larger than the server reads gets the logo field’s own message, not the framework’s error', async ({ page }) => {
    const brand = await newBrand({ prefix: 'biglogo' });
    await signInWithApp(page, brand.admin);
    await page.goto(`/admin/brands/${brand.slug}/look`);
    const look = page.getByRole('region', { name: 'Look' });
    // 2 MB: over the 200 kB the verb takes and over the 1 MB body Next's server actions read.
    const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2 * 1024 * 1024)]);
    await look.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: big });
    await look.getByRole('button', { name: 'Save look' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/brands/${brand.slug}/look\\?upload=too-large$`));
    await expect(page.getByRole('region', { name: 'Look' }).getByText('The logo is larger than 200 kB. Upload a smaller file.')).toBeVisible();
  });
});

test('with JavaScript, a logo over the limit is refused on its field before it is sent', async ({ page }) => {
  const brand = await newBrand({ prefix: 'biglogojs' });
  await signInWithApp(page, brand.admin);
  await page.goto(`/admin/brands/${brand.slug}/look`);
  const look = page.getByRole('region', { name: 'Look' });
  const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300 * 1024)]);
  await look.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: big });
  await expect(look.getByText('The logo is larger than 200 kB. Upload a smaller file.')).toBeVisible();
  await expect(look.getByLabel('Logo', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});
