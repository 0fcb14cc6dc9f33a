// axe, as every spec checks a page with it: with JavaScript on, and as a browser without
// JavaScript shows it.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

/** axe's findings on the page as it is now, one line per rule and element, so a failure names them (and `where`). */
export async function axeViolations(page: Page, where: string = page.url()): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${where}: ${violation.id} (${violation.help}): ${node.target.join(' ')}`));
}

/**
 * axe is a script, and a page with JavaScript off runs none, so it is checked as a copy: the
 * document it shows now, served again at its own address (stylesheets and images from the app)
 * under a policy that lets none of the page's scripts load or run: no source is allowed, only
 * eval, which Playwright needs to inject axe and which nothing of the page's can reach.
 */
export async function axeViolationsWithoutScripts(page: Page, browser: Browser, where: string = page.url()): Promise<string[]> {
  const html = await page.content();
  // Said outright: in a test, new contexts take the test's options, JavaScript off included.
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.route('**/*', (route) =>
      route.request().isNavigationRequest()
        ? route.fulfill({ contentType: 'text/html', headers: { 'Content-Security-Policy': "script-src 'unsafe-eval'" }, body: html })
        : route.continue(),
    );
    await copy.goto(page.url());
    return await axeViolations(copy, `${where} (no JavaScript)`);
  } finally {
    await context.close();
  }
}

/** No axe violation on the page as it is, with JavaScript on and off. */
export async function expectNoAxeViolations(page: Page, browser: Browser, where: string = page.url()): Promise<void> {
  expect(await axeViolations(page, where)).toEqual([]);
  expect(await axeViolationsWithoutScripts(page, browser, where)).toEqual([]);
}
