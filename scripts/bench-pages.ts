// Page weight for `npm run bench` (issue 21): the JavaScript the security page and the token prompt
// ship, against a page of the same app with no client component of its own, and a Lighthouse run
// of each with Debian's Chromium. Figures and goals; nothing is gated.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';

export const PAGE_GOALS = { javaScriptRatio: 1.05, performance: 98, accessibility: 100 };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type PageWeight = { name: string; path: string; scripts: number; bytes: number; gzipBytes: number };
export type LighthouseScores = { name: string; performance: number | null; accessibility: number | null };
export type PageFigures = { reference: PageWeight; pages: PageWeight[]; lighthouse: LighthouseScores[] | string };

/**
 * The scripts a page loads until the network is idle: their count, their bytes as served
 * (decoded), and gzipped, as a compressing proxy in front would send them.
 */
async function weighPage(page: Page, name: string, path: string, navigate: () => Promise<unknown>): Promise<PageWeight> {
  const bodies: Promise<Buffer | null>[] = [];
  const onResponse = (response: Awaited<ReturnType<Page['waitForResponse']>>) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body().catch(() => null));
  };
  page.on('response', onResponse);
  try {
    await navigate();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', onResponse);
  }
  const loaded = (await Promise.all(bodies)).filter((body): body is Buffer => body !== null);
  return {
    name,
    path,
    scripts: loaded.length,
    bytes: loaded.reduce((sum, body) => sum + body.length, 0),
    gzipBytes: loaded.reduce((sum, body) => sum + gzipSync(body).length, 0),
  };
}

/**
 * Signs `account` in through the real pages (password, then the token prompt with a code from
 * `code()`), weighing the token prompt on the way and Account Security at the end, and a page of
 * the app with no client component of its own: its 404 page, rendered in the same root layout
 * (the least any page here ships: React, Next's router and the layout). Then Lighthouse.
 */
export async function measurePages({
  url,
  account,
  code,
  log,
}: {
  url: string;
  account: { email: string; password: string };
  code: () => string;
  log: (message: string) => void;
}): Promise<PageFigures> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium was not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  let context: BrowserContext | undefined;
  try {
    context = await browser.newContext({ baseURL: url });
    const page = await context.newPage();
    const reference = await weighPage(page, 'a page with no client component (the 404 page)', '/bench-no-such-page', () => page.goto('/bench-no-such-page'));

    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/token/);
    // Weighed as a fresh load of the prompt (a person arriving from the sign-in form's redirect).
    const token = await weighPage(page, 'the token prompt', '/sign-in/token', () => page.reload());
    const pendingCookies = await context.cookies();

    await page.getByLabel('Token').fill(code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/settings\/security$/);
    const security = await weighPage(page, 'Account Security', '/settings/security', () => page.reload());
    const sessionCookies = await context.cookies();
    log(`page weight: ${[reference, token, security].map((weight) => `${weight.path} ${weight.scripts} scripts, ${weight.bytes} bytes`).join('; ')}`);

    const cookieHeader = (cookies: typeof sessionCookies) => cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    const lighthouse = await runLighthouse([
      { name: 'the token prompt', url: `${url}/sign-in/token`, cookie: cookieHeader(pendingCookies) },
      { name: 'Account Security', url: `${url}/settings/security`, cookie: cookieHeader(sessionCookies) },
    ]).catch((error: unknown) => `Lighthouse could not run: ${error instanceof Error ? error.message : String(error)}`);
    if (typeof lighthouse === 'string') log(lighthouse);
    else log(`Lighthouse: ${lighthouse.map((run) => `${run.name} performance ${run.performance}, accessibility ${run.accessibility}`).join('; ')}`);
    return { reference, pages: [token, security], lighthouse };
  } finally {
    await context?.close();
    await browser.close();
  }
}

/**
 * Lighthouse's default run (a mid-range phone on a slow 4G network, simulated), one page at a time
 * in a Chromium of its own, the page's cookie sent as a header. Only performance and accessibility.
 */
async function runLighthouse(targets: { name: string; url: string; cookie: string }[]): Promise<LighthouseScores[]> {
  const { default: lighthouse } = await import('lighthouse');
  // Debian's Chromium, started by Playwright with a DevTools port that Lighthouse drives.
  const port = Number(process.env.BENCH_LIGHTHOUSE_PORT ?? 9333);
  const chrome = await chromium.launch({ executablePath: CHROMIUM, args: [`--remote-debugging-port=${port}`] });
  try {
    const scores: LighthouseScores[] = [];
    for (const target of targets) {
      const result = await lighthouse(target.url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        extraHeaders: { Cookie: target.cookie },
      });
      const categories = result?.lhr.categories;
      const score = (key: string) => {
        const value = categories?.[key]?.score;
        return typeof value === 'number' ? Math.round(value * 100) : null;
      };
      if (result?.lhr.finalDisplayedUrl && new URL(result.lhr.finalDisplayedUrl).pathname !== new URL(target.url).pathname) {
        throw new Error(`${target.url} ended at ${result.lhr.finalDisplayedUrl}: the cookie did not hold`);
      }
      scores.push({ name: target.name, performance: score('performance'), accessibility: score('accessibility') });
    }
    return scores;
  } finally {
    await chrome.close();
  }
}

/** The rows `npm run bench` prints for these figures. */
export function pageRows(figures: PageFigures, verdict: (isMet: boolean) => string): string[][] {
  const { reference, pages, lighthouse } = figures;
  const rows: string[][] = [
    [`9. JavaScript of ${reference.name}`, `${kb(reference.bytes)} (${kb(reference.gzipBytes)} gzip), ${reference.scripts} files`, '-', '-'],
  ];
  for (const weight of pages) {
    const ratio = weight.bytes / reference.bytes;
    rows.push([
      `   JavaScript of ${weight.name}, as a multiple of it`,
      `${ratio.toFixed(3)} x (${kb(weight.bytes)}, ${kb(weight.gzipBytes)} gzip)`,
      `<= ${PAGE_GOALS.javaScriptRatio} x`,
      verdict(ratio <= PAGE_GOALS.javaScriptRatio),
    ]);
  }
  if (typeof lighthouse === 'string') {
    rows.push(['10. Lighthouse', 'skipped', '-', lighthouse.slice(0, 60)]);
  } else {
    for (const run of lighthouse) {
      rows.push([
        `10. Lighthouse, ${run.name}: performance, accessibility`,
        `${run.performance ?? '?'}, ${run.accessibility ?? '?'}`,
        `>= ${PAGE_GOALS.performance}, ${PAGE_GOALS.accessibility}`,
        verdict((run.performance ?? 0) >= PAGE_GOALS.performance && (run.accessibility ?? 0) >= PAGE_GOALS.accessibility),
      ]);
    }
  }
  return rows;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
