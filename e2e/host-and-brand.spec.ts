import { expect, test, type Browser } from '@playwright/test';
import { outageURL } from '../playwright.config';
import { createMailbox, gatehouse, newBrand, signIn } from './support';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const OUTAGE_PORT = Number(new URL(outageURL).port);

async function pageAt(browser: Browser, baseURL: string, extraHTTPHeaders: Record<string, string> = {}) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders });
  return { context, page: await context.newPage() };
}

// SECURITY.md: policy comes from the account's brand, never from the host name the request used.
/** Two brands with host names of their own; `strict` requires two-factor authentication with no days to enrol. */
async function strictAndLaxBrands() {
  const [strict, lax] = [await newBrand({ prefix: 'host', host: true }), await newBrand({ prefix: 'host', host: true })];
  await gatehouse('brand', 'set', strict.slug, '--require-2fa', 'on', '--enrolment-days', '0');
  return { strict, lax };
}

test('a brand that requires two-factor authentication binds its mailboxes on another brand’s host name', async ({ browser }) => {
  const { strict, lax } = await strictAndLaxBrands();
  // A mailbox of the strict brand, signing in on the lax brand's host name, must enrol.
  const onLaxHost = await pageAt(browser, `http://${lax.host}:${PORT}`);
  await signIn(onLaxHost.page, await createMailbox({ domain: strict.domain }));
  await expect(onLaxHost.page).toHaveURL(`http://${lax.host}:${PORT}/sign-in/enrol`);
  await onLaxHost.context.close();
});

test('a brand that requires two-factor authentication binds no other mailbox on its own host name', async ({ browser }) => {
  const { strict, lax } = await strictAndLaxBrands();
  // A mailbox of the lax brand, signing in on the strict brand's host name, is not asked to.
  const onStrictHost = await pageAt(browser, `http://${strict.host}:${PORT}`);
  await signIn(onStrictHost.page, await createMailbox({ domain: lax.domain }));
  await expect(onStrictHost.page).toHaveURL(`http://${strict.host}:${PORT}/settings/security`);
  await onStrictHost.context.close();
});

// scripts/start.ts: without a trusted proxy, a client's X-Forwarded-Host is dropped, so it cannot
// choose which brand's host the page believes it was asked for. The second test server trusts none.
test('without a trusted proxy, X-Forwarded-Host cannot choose the brand a page wears', async ({ browser }) => {
  const brand = await newBrand({ prefix: 'host', host: true });
  // The brand's own host name does pick its look: the control.
  const real = await pageAt(browser, `http://${brand.host}:${OUTAGE_PORT}`);
  await real.page.goto('/sign-in');
  await expect(real.page.locator('.gh-prompt-header')).toContainText(`Brand ${brand.slug}`);
  await real.context.close();

  const claimed = await pageAt(browser, outageURL, { 'X-Forwarded-Host': brand.host });
  await claimed.page.goto('/sign-in');
  await expect(claimed.page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(claimed.page.locator('body')).not.toContainText(`Brand ${brand.slug}`);
  await claimed.context.close();
});
