import { randomUUID } from 'node:crypto';
import { expect, test, type Browser } from '@playwright/test';
import { outageURL } from '../playwright.config';
import { createMailbox, gatehouse, signIn } from './support';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const OUTAGE_PORT = Number(new URL(outageURL).port);

function newBrand() {
  const slug = `host-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const host = `account.${slug}.example`;
  gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', domain, '--host', host);
  return { slug, domain, host };
}

async function pageAt(browser: Browser, baseURL: string, extraHTTPHeaders: Record<string, string> = {}) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders });
  return { context, page: await context.newPage() };
}

// SECURITY.md: policy comes from the account's brand, never from the host name the request used.
test('a brand that requires two-factor authentication binds its mailboxes on any host name, and no other mailbox on its own', async ({ browser }) => {
  // Two brands, two mailboxes and two sign-ins on hosts whose pages load for the first time.
  test.setTimeout(180_000);
  const [strict, lax] = [newBrand(), newBrand()];
  gatehouse('brand', 'set', strict.slug, '--require-2fa', 'on', '--enrolment-days', '0');

  // A mailbox of the strict brand, signing in on the lax brand's host name, must enrol.
  const onLaxHost = await pageAt(browser, `http://${lax.host}:${PORT}`);
  await signIn(onLaxHost.page, createMailbox({ domain: strict.domain }));
  await expect(onLaxHost.page).toHaveURL(`http://${lax.host}:${PORT}/sign-in/enrol`);
  await onLaxHost.context.close();

  // A mailbox of the lax brand, signing in on the strict brand's host name, is not asked to.
  const onStrictHost = await pageAt(browser, `http://${strict.host}:${PORT}`);
  await signIn(onStrictHost.page, createMailbox({ domain: lax.domain }));
  await expect(onStrictHost.page).toHaveURL(`http://${strict.host}:${PORT}/settings/security`);
  await onStrictHost.context.close();
});

// scripts/start.ts: without a trusted proxy, a client's X-Forwarded-Host is dropped, so it cannot
// choose which brand's host the page believes it was asked for. The second test server trusts none.
test('without a trusted proxy, X-Forwarded-Host cannot choose the brand a page wears', async ({ browser }) => {
  const brand = newBrand();
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
