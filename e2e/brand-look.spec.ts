import { expect, test, type Browser, type Page } from '@playwright/test';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, createMailbox, newBrand, signIn, signInWithApp, stepsFromNow } from './support';

// A 1x1 PNG: a real image, so the page can show that it loaded.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PORT = Number(process.env.E2E_PORT ?? 3210);

// What the brand writes: a colour rule that must apply, and rules that would fetch from another
// origin or read the code field, which the sanitiser must drop.
const BRAND_CSS = [
  '.gh-prompt-title { color: #123456 }',
  '.gh-prompt { background: url(http://evil.example/track.png) }',
  '@import "http://evil.example/x.css";',
  '.gh-prompt-field[value^="1"] { background-color: red }',
].join('\n');

async function saveLook(page: Page, slug: string, look: { name: string; primaryColor: string; css: string }) {
  await page.goto(`/admin/brands/${slug}/look`);
  const section = page.getByRole('region', { name: 'Look' });
  await section.getByLabel('Name').fill(look.name);
  await section.getByLabel('Primary colour').fill(look.primaryColor);
  await section.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await section.getByLabel('Custom CSS for the token prompt').fill(look.css);
  return section;
}

/** Every origin the page asked anything of, from the moment this is called. */
function originsRequested(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on('request', (request) => {
    if (!request.url().startsWith('data:')) origins.add(new URL(request.url()).origin);
  });
  return origins;
}

async function expectBrandedPrompt(page: Page, name: string) {
  const prompt = page.locator('.gh-prompt');
  await expect(prompt.locator('.gh-prompt-header')).toContainText(name);
  await expect(prompt.locator('.gh-prompt-title')).toHaveText('Two-step verification');
  // The brand's colour rule applies (so the nonce'd stylesheet was accepted) ...
  await expect(prompt.locator('.gh-prompt-title')).toHaveCSS('color', 'rgb(18, 52, 86)');
  await expect(prompt.locator('.gh-prompt-button')).toHaveCSS('background-color', 'rgb(124, 58, 237)');
  // ... and the attack rules are not in what was served.
  const stylesheet = page.locator('link[rel="stylesheet"][href^="/brands/"]');
  await expect(stylesheet).toHaveAttribute('href', /^\/brands\/[a-z0-9-]+\/prompt\.css\?v=\d+$/);
  // Asked of the same server by its loopback name: this test process does not resolve *.example.
  const served = await page.request.get(`http://localhost:${PORT}${(await stylesheet.getAttribute('href')) ?? ''}`);
  expect(served.headers()['content-type']).toBe('text/css; charset=utf-8');
  const css = await served.text();
  expect(css).toContain('.gh-prompt .gh-prompt-title{color:#123456}');
  expect(css).not.toMatch(/url\(|@import|\[value/);
  await expect(prompt).toHaveCSS('background-image', 'none');
  // The logo is served by Gatehouse on the same host and really loaded.
  const logo = prompt.locator('img.gh-prompt-logo');
  await expect(logo).toHaveAttribute('src', /^\/brands\/[a-z0-9-]+\/logo\?v=\d+$/);
  await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
  // The code field mirrors nothing into an attribute a stylesheet could read.
  await prompt.locator('.gh-prompt-field').fill('123456');
  expect(await prompt.locator('.gh-prompt-field').getAttribute('value')).toBeNull();
}

async function brandHostPage(browser: Browser, origin: string, { javaScriptEnabled }: { javaScriptEnabled: boolean }) {
  const context = await browser.newContext({ baseURL: origin, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

test('a brand administrator previews and saves a look; on the brand’s host name the sign-in page and the token prompt wear it, with nothing fetched elsewhere', async ({
  page,
  browser,
}) => {
  const brand = await newBrand({ prefix: 'look', host: true });
  await signInWithApp(page, brand.admin);
  const section = await saveLook(page, brand.slug, { name: 'Look Mail', primaryColor: '#7c3aed', css: BRAND_CSS });

  // Preview: the prompt with the sanitised stylesheet, nothing saved yet.
  await section.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview (not saved)' });
  await expect(preview.locator('.gh-prompt-title')).toHaveCSS('color', 'rgb(18, 52, 86)');
  await expect(section.getByText(/The preview leaves out/)).toBeVisible();
  await expect(section.getByText('Look saved.')).toHaveCount(0);

  // Save (the typed values stay after the preview; a file is chosen again): what the sanitiser
  // dropped is listed with its reasons.
  await expect(section.getByLabel('Name')).toHaveValue('Look Mail');
  await section.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByText('Look saved.')).toBeVisible();
  const dropped = section.getByRole('status').filter({ hasText: 'Saved without these parts' });
  await expect(dropped).toContainText('@import would load a stylesheet');
  await expect(dropped).toContainText('Attribute selectors could read');
  await expect(section.getByRole('img', { name: 'Current logo of Look Mail' })).toBeVisible();

  // A mailbox of the brand signs in on the brand's host name: server actions work there too.
  for (const javaScriptEnabled of [true, false]) {
    const { context, page: userPage } = await brandHostPage(browser, brand.origin, { javaScriptEnabled });
    const user = await createAccountWithAuthenticator(userPage, await createMailbox({ domain: brand.domain }));
    const origins = originsRequested(userPage);
    await userPage.goto('/sign-in');
    await expect(userPage.locator('.gh-prompt-header')).toContainText('Look Mail');
    await expect(userPage.locator('img.gh-prompt-logo')).toBeVisible();
    await signIn(userPage, user);
    await expect(userPage).toHaveURL(`${brand.origin}/sign-in/token`);
    await expectBrandedPrompt(userPage, 'Look Mail');
    await userPage.locator('.gh-prompt-field').fill('');
    await answerTokenPrompt(userPage, appCode(user.secret, stepsFromNow(1)));
    await expect(userPage).toHaveURL(`${brand.origin}/settings/security`);
    expect([...origins]).toEqual([brand.origin]);
    await context.close();
  }
});

test('the token prompt wears the account’s brand, not the host name’s', async ({ browser }) => {
  const [host, home] = [await newBrand({ prefix: 'look', host: true }), await newBrand({ prefix: 'look', host: true })];
  const { context, page } = await brandHostPage(browser, host.origin, { javaScriptEnabled: true });
  const user = await createAccountWithAuthenticator(page, await createMailbox({ domain: home.domain }));
  await page.goto('/sign-in');
  await expect(page.locator('.gh-prompt-header')).toContainText(`Brand ${host.slug}`);
  await signIn(page, user);
  await expect(page).toHaveURL(`${host.origin}/sign-in/token`);
  await expect(page.locator('.gh-prompt-header')).toContainText(`Brand ${home.slug}`);
  await expect(page.locator('.gh-prompt-header')).not.toContainText(`Brand ${host.slug}`);
  await context.close();
});

test('a logo is served from Gatehouse with its type and nosniff; an SVG with a script is refused on the field, a clean one served sandboxed', async ({
  page,
}) => {
  const brand = await newBrand({ prefix: 'look', host: true });
  await signInWithApp(page, brand.admin);
  await page.goto(`/admin/brands/${brand.slug}/look`);
  const section = page.getByRole('region', { name: 'Look' });
  const logoField = section.getByLabel('Logo', { exact: true });

  await logoField.setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByText(/contains scripts, event handlers/)).toBeVisible();

  await section.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.alloc(210 * 1024)]) });
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByText('The logo is larger than 200 kB. Upload a smaller file.')).toBeVisible();
  // The form keeps refusing to send that file (checked before it is sent), so it is taken off, as a person would.
  await section.getByLabel('Logo', { exact: true }).setInputFiles([]);

  await section.getByLabel('Primary colour').fill('red');
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByText(/Give the primary colour as #/)).toBeVisible();
  await section.getByLabel('Primary colour').fill('');

  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#0a0"/></svg>';
  await section.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByText('Look saved.')).toBeVisible();

  const response = await page.request.get(`/brands/${brand.slug}/logo`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/svg+xml');
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
  expect(await response.text()).toBe(svg);

  await section.getByLabel('Remove logo').check();
  await section.getByRole('button', { name: 'Save look' }).click();
  await expect(section.getByLabel('Remove logo')).toHaveCount(0);
  expect((await page.request.get(`/brands/${brand.slug}/logo`)).status()).toBe(404);
});
