import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dovecotMissing, mailPorts, startDovecot, type RunningDovecot } from './mail/dovecot';
import { imapLogin, pop3Login, submissionLogin } from './mail/mail-clients';
import { readOutbox } from './messages';
import {
  answerTokenPrompt,
  appCode,
  createAccount,
  createAccountWithAuthenticator,
  createMailbox,
  enrolAuthenticator,
  gatehouse,
  signIn,
  signInWithApp,
  stepsFromNow,
} from './support';

// Mail clients log in to a real Dovecot (Debian's packages), whose Lua passdb asks the test
// server (docs/dovecot/, as shipped). Dovecot runs for this file only, on loopback ports.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const MAIL_AUTH_URL = `http://127.0.0.1:${PORT}/api/mail-auth`;
const SECRET = process.env.GATEHOUSE_E2E_MAIL_AUTH_SECRET ?? '';
const ports = mailPorts();
let dovecot: RunningDovecot | undefined;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  const missing = dovecotMissing();
  if (missing) throw new Error(missing);
  dovecot = await startDovecot({ mailAuthUrl: MAIL_AUTH_URL, secret: SECRET, ports });
});
test.afterAll(async () => {
  await dovecot?.stop();
});

const imap = (user: string, pass: string) => imapLogin(ports.imap, { user, pass });

/** Creates an app password on the security page, as its owner would, and reads it off the page once. */
async function createAppPasswordOnPage(page: Page, name: string): Promise<string> {
  await page.goto('/settings/security');
  await page.getByLabel('Device name').fill(name);
  await page.getByRole('button', { name: 'Create app password' }).click();
  const shown = page.getByRole('status', { name: 'New app password' });
  await expect(shown).toBeVisible();
  const password = ((await shown.textContent()) ?? '').trim();
  expect(password).toMatch(/^[a-z]{4}(-[a-z]{4}){6}$/);
  return password;
}

test('an app password opens the mailbox over IMAP, POP3 and SMTP submission, and the page shows its last use', async ({ page }) => {
  const account = await signInWithApp(page);
  const password = await createAppPasswordOnPage(page, 'Anna’s iPhone');
  const settings = page.getByRole('table', { name: 'Settings for your mail app' });
  await expect(settings.getByRole('row', { name: /Incoming \(IMAP\)/ })).toContainText(`localhost${ports.imap}`);
  // The panel shown once is a state of the security page the accessibility walk does not reach.
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`))).toEqual([]);

  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });
  expect(await pop3Login(ports.pop3, { user: account.email, pass: password })).toMatchObject({ isAccepted: true });
  expect(await submissionLogin(ports.submission, { user: account.email, pass: password })).toMatchObject({ isAccepted: true });

  await page.goto('/settings/security');
  const entry = page.getByRole('list', { name: 'App passwords' }).getByRole('listitem').filter({ hasText: 'Anna’s iPhone' });
  await expect(entry).toContainText('from 127.0.0.1 over SMTP submission');
  expect(await readOutbox(page, account.email, 'EMAIL')).toContain('An app password was created');
});

test('the account password works in mail apps while the mailbox has no 2FA, and is refused with a reason once 2FA is on', async ({ page }) => {
  const account = createAccount();
  expect(await imap(account.email, account.password)).toMatchObject({ isAccepted: true });
  expect(await pop3Login(ports.pop3, { user: account.email, pass: account.password })).toMatchObject({ isAccepted: true });

  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await enrolAuthenticator(page);
  const refused = await imap(account.email, account.password);
  expect(refused.isAccepted).toBe(false);
  expect(refused.response).toContain('mail apps need an app password');
  expect(await submissionLogin(ports.submission, { user: account.email, pass: account.password })).toMatchObject({ isAccepted: false });

  await page.goto('/settings/security');
  await expect(page.getByText(/A mail app tried your account password on .* \(over SMTP submission, from 127\.0\.0\.1\); mail apps need an app password now that 2FA is on/)).toBeVisible();
  expect(await readOutbox(page, account.email, 'EMAIL')).toContain('A mail app tried your account password');
});

test('a revoked app password is refused at once', async ({ page }) => {
  const account = await signInWithApp(page);
  const password = await createAppPasswordOnPage(page, 'Old laptop');
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });

  await page.goto('/settings/security');
  await page.getByRole('form', { name: 'Revoke Old laptop' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'App password revoked' })).toBeVisible();
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: false, response: expect.stringContaining('Authentication failed') });
  expect(await pop3Login(ports.pop3, { user: account.email, pass: password })).toMatchObject({ isAccepted: false });
});

test('a brand that turns app passwords off stops its app passwords at once, and turning it back on restores them', async ({ page }) => {
  const slug = `m-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  gatehouse('brand', 'create', '--name', `Mail ${slug}`, '--slug', slug, '--domain', domain);
  const account = createMailbox({ domain });
  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const password = await createAppPasswordOnPage(page, 'Desk PC');
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });

  gatehouse('brand', 'set', slug, '--allow-app-passwords', 'off');
  const refused = await imap(account.email, password);
  expect(refused.isAccepted).toBe(false);
  expect(refused.response).toContain('turned app passwords off');
  await page.goto('/settings/security');
  await expect(page.getByRole('heading', { name: 'App passwords' })).toHaveCount(0);
  await expect(page.getByText('Your provider has turned app passwords off: the 1 you created')).toBeVisible();

  gatehouse('brand', 'set', slug, '--allow-app-passwords', 'platform');
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });
});

test('a fifth app password cannot be created, not even from a page opened at three', async ({ page, context }) => {
  await signIn(page, createAccount());
  await expect(page).toHaveURL(/\/settings\/security$/);
  for (const name of ['Phone', 'Tablet', 'Laptop']) await createAppPasswordOnPage(page, name);
  const stale = await context.newPage();
  await stale.goto('/settings/security');
  await createAppPasswordOnPage(page, 'Watch');

  await stale.getByLabel('Device name').fill('Fifth');
  await stale.getByRole('button', { name: 'Create app password' }).click();
  await expect(stale.getByRole('alert').filter({ hasText: 'A mailbox can have at most four app passwords' })).toBeVisible();
  await page.goto('/settings/security');
  await expect(page.getByRole('list', { name: 'App passwords' }).getByRole('listitem')).toHaveCount(4);
  await expect(page.getByText('You have 4 app passwords, the most a mailbox can have')).toBeVisible();
  await expect(page.getByLabel('Device name')).toHaveCount(0);
});

test('30 wrong passwords over IMAP are throttled, and the web sign-in of that mailbox still works', async ({ page }) => {
  test.setTimeout(120_000);
  const account = await createAccountWithAuthenticator(page);
  const responses: string[] = [];
  for (let i = 0; i < 30; i++) responses.push((await imap(account.email, `wrong guess ${i}`)).response);
  expect(responses.filter((response) => response.includes('Authentication failed')).length).toBeLessThanOrEqual(10);
  expect(responses.some((response) => response.includes('Too many attempts'))).toBe(true);

  await signIn(page, account);
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('an unreachable Gatehouse or a wrong shared secret is a temporary failure, never a wrong password', async () => {
  const account = createAccount();
  for (const [instance, setup] of [
    [1, { mailAuthUrl: 'http://127.0.0.1:9/api/mail-auth', secret: SECRET }],
    [2, { mailAuthUrl: MAIL_AUTH_URL, secret: `${SECRET}-wrong` }],
  ] as const) {
    const broken = await startDovecot({ ...setup, ports: mailPorts(instance) });
    try {
      const outcome = await imapLogin(broken.ports.imap, { user: account.email, pass: account.password });
      expect(outcome).toMatchObject({ isAccepted: false, response: expect.stringContaining('Temporary authentication failure') });
      expect(await pop3Login(broken.ports.pop3, { user: account.email, pass: account.password })).toMatchObject({
        isAccepted: false,
        response: expect.stringContaining('[SYS/TEMP]'),
      });
    } finally {
      await broken.stop();
    }
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an app password is created and shown once, and opens the mailbox', async ({ page }) => {
    const account = createAccount();
    await signIn(page, account);
    await expect(page).toHaveURL(/\/settings\/security$/);
    const password = await createAppPasswordOnPage(page, 'No-script laptop');
    expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });
    await page.goto('/settings/security');
    await expect(page.getByRole('status', { name: 'New app password' })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'App passwords' })).toContainText('No-script laptop');
  });
});
