import { expect, test, type Page, type Response } from '@playwright/test';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, signIn, stepsFromNow } from './support';

// Tenant-supplied CSS and logos are sanitised; the Content-Security-Policy is the second line that
// keeps anything a sanitiser missed from reaching another origin (SECURITY.md, "Tenant-supplied look").

/** The page's one policy, as directive name -> sources; fails if there is none or more than one. */
async function policyOf(response: Response | null): Promise<Map<string, string[]>> {
  expect(response, 'the navigation has a response').not.toBeNull();
  const values = (await (response as Response).headersArray())
    .filter(({ name }) => name.toLowerCase() === 'content-security-policy')
    .map(({ value }) => value);
  expect(values, 'exactly one Content-Security-Policy header').toHaveLength(1);
  const directives = new Map<string, string[]>();
  for (const directive of (values[0] ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const FETCHING_DIRECTIVES = ['default-src', 'script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'frame-src'];

function expectNoOtherOrigin(directives: Map<string, string[]>) {
  for (const name of FETCHING_DIRECTIVES) {
    const sources = directives.get(name);
    expect(sources, `${name} is set`).toBeDefined();
    for (const source of sources ?? []) {
      expect(source, `${name} names no origin`).not.toMatch(/^(https?:|\*|[\w.-]+\.[a-z]{2,}|[\w.-]+:\d+)/i);
      expect(source, `${name} has no wildcard`).not.toContain('*');
    }
  }
  expect(directives.get('frame-src')).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
}

function nonceOf(directives: Map<string, string[]>): string {
  const nonces = (directives.get('script-src') ?? []).filter((source) => source.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  const nonce = (nonces[0] ?? '').slice("'nonce-".length, -1);
  expect(directives.get('style-src')).toContain(`'nonce-${nonce}'`);
  return nonce;
}

/** Loads a page, checks its policy, and checks that every script Next wrote carries its nonce. */
async function visit(page: Page, path: string): Promise<string> {
  const directives = await policyOf(await page.goto(path));
  expectNoOtherOrigin(directives);
  const nonce = nonceOf(directives);
  const scriptNonces = await page.evaluate(() => [...document.scripts].map((script) => script.nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  return nonce;
}

/** Console reports of anything the policy refused: the app's own pages must raise none. */
function collectViolations(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

test('the sign-in page, the token prompt and the security page each carry one policy naming no other origin, with a fresh nonce per request', async ({ page }) => {
  const account = await createAccountWithAuthenticator(page);
  const violations = collectViolations(page);

  const first = await visit(page, '/sign-in');
  const second = await visit(page, '/sign-in');
  expect(second).not.toBe(first);

  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token$/);
  await visit(page, '/sign-in/token');
  // Hydrated under the policy: the client-side form still signs in.
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
  await visit(page, '/settings/security');
  await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();

  expect(violations).toEqual([]);
});

test('an unknown address is answered under the same policy, with nothing of its own refused', async ({ page }) => {
  const violations = collectViolations(page);
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  expectNoOtherOrigin(await policyOf(response));
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('an injected image from another origin and an injected style without the nonce are refused and reported', async ({ page }) => {
  // Chromium announces a request the policy refuses and fails it with the reason "csp" before it
  // reaches the network; any other failure, or any answer, from 127.0.0.2 means it was sent.
  const elsewhere: string[] = [];
  const isElsewhere = (url: string) => new URL(url).hostname === '127.0.0.2';
  page.on('requestfailed', (request) => {
    if (isElsewhere(request.url())) elsewhere.push(`${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (isElsewhere(response.url())) elsewhere.push(`${response.url()} answered ${response.status()}`);
  });
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  const outcome = await page.evaluate(async () => {
    const reports: { directive: string; blocked: string }[] = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      reports.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
    );
    const main = document.querySelector('main') as HTMLElement;
    const colourBefore = getComputedStyle(main).color;

    const image = document.createElement('img');
    image.alt = '';
    image.src = 'http://127.0.0.2:9/x.png';
    document.body.append(image);
    const unsigned = document.createElement('style');
    unsigned.textContent = 'main { color: rgb(1, 2, 3) !important; }';
    document.head.append(unsigned);

    const deadline = Date.now() + 5_000;
    while (reports.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const colourAfterUnsigned = getComputedStyle(main).color;

    // The brand stylesheet's path: the same style with this request's nonce does apply.
    const signed = document.createElement('style');
    signed.nonce = document.scripts[0]?.nonce ?? '';
    signed.textContent = unsigned.textContent;
    document.head.append(signed);
    return { reports, colourBefore, colourAfterUnsigned, colourAfterSigned: getComputedStyle(main).color };
  });

  expect(outcome.reports).toContainEqual({ directive: 'img-src', blocked: 'http://127.0.0.2:9/x.png' });
  expect(outcome.reports).toContainEqual({ directive: 'style-src-elem', blocked: 'inline' });
  expect(outcome.colourAfterUnsigned).toBe(outcome.colourBefore);
  expect(outcome.colourAfterSigned).toBe('rgb(1, 2, 3)');
  expect(elsewhere).toEqual(['http://127.0.0.2:9/x.png csp']);
});
