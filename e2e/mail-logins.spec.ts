import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dovecotMissing, mailPorts, startDovecot, type RunningDovecot } from './mail/dovecot';
import { doveadmAuthTest, imapLogin, pop3Login, submissionLogin, type LoginOutcome } from './mail/mail-clients';
import { postfixMissing, startPostfix } from './mail/postfix';
import { readOutbox } from './messages';
import { answerTokenPrompt, appCode, createAccount, createAccountWithAuthenticator, createMailbox, enrolAtSignIn, enrolAuthenticator, gatehouse, openUserMenu, signIn, signInAs, signInWithApp, stepsFromNow } from './support';

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
function mainDovecot(): RunningDovecot {
  if (!dovecot) throw new Error('Dovecot did not start');
  return dovecot;
}

/** One login through every client that is not, or is, one of Dovecot's login processes. */
async function everyClient(user: string, pass: string): Promise<Record<string, LoginOutcome>> {
  return {
    'doveadm auth test (smtp)': await doveadmAuthTest(mainDovecot(), 'smtp', { user, pass }),
    'doveadm auth test (imap)': await doveadmAuthTest(mainDovecot(), 'imap', { user, pass }),
    IMAP: await imap(user, pass),
    'SMTP submission': await submissionLogin(ports.submission, { user, pass }),
  };
}

function expectEveryClientRefused(outcomes: Record<string, LoginOutcome>, doveadmCode: RegExp) {
  for (const [client, outcome] of Object.entries(outcomes)) expect(outcome, client).toMatchObject({ isAccepted: false });
  for (const client of ['doveadm auth test (smtp)', 'doveadm auth test (imap)']) {
    expect(outcomes[client]?.response, client).toMatch(/auth failed/);
    expect(outcomes[client]?.response, client).toMatch(doveadmCode);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

// Postfix starts before Dovecot (whose listener lives in Postfix's queue folder) and is waited
// for without a connection (e2e/mail/postfix.ts, waitForListener): a probe before Dovecot's socket
// existed killed an smtpd and throttled the service for a minute, so the test's client got no greeting.
test('SMTP AUTH through Postfix (the shipped submission fragment) takes an app password and refuses every refusal', async ({ page }) => {
  const missing = postfixMissing();
  if (missing) throw new Error(missing);
  // Postfix first: Dovecot's listener for it lives in Postfix's queue folder (private/auth).
  const postfix = await startPostfix({ port: mailPorts(4).imap });
  let withPostfix: RunningDovecot | undefined;
  try {
    withPostfix = await startDovecot({ mailAuthUrl: MAIL_AUTH_URL, secret: SECRET, ports: mailPorts(3), postfixAuthSocket: postfix.saslSocketPath });
    // From a client address of its own: the other tests of this file run up more than the per-address
    // limit of mail-login failures from 127.0.0.1 within its 15 minutes.
    const smtpAuth = (user: string, pass: string) => submissionLogin(postfix.port, { user, pass }, { localAddress: '127.0.0.25' });

    const account = await signInWithApp(page);
    const appPassword = await createAppPasswordOnPage(page, 'Mail relay');
    const accepted = await smtpAuth(account.email, appPassword);
    // Postfix's own log goes into the message when it refuses, so a failed run says why.
    const postfixLog = accepted.isAccepted ? '' : await readFile(postfix.logPath, 'utf8').catch(() => '(no Postfix log)');
    expect(accepted, `Postfix answered: ${accepted.response}\n${postfixLog}`).toMatchObject({ isAccepted: true });
    expect(await smtpAuth(account.email, account.password)).toMatchObject({ isAccepted: false, response: expect.stringMatching(/^535/) });
    await page.goto('/settings/security');
    // Postfix asks under the service name "smtp": stored as SMTP submission.
    await expect(page.getByRole('list', { name: 'App passwords' }).getByRole('listitem').filter({ hasText: 'Mail relay' })).toContainText('over SMTP submission');

    // Five wrong passwords, then the right one during the wait: refused, never accepted (Postfix
    // 3.7 reports Dovecot's temporary failure as a 535 too).
    const plain = await createAccount();
    for (let i = 0; i < 5; i++) expect(await smtpAuth(plain.email, `wrong ${i}`)).toMatchObject({ isAccepted: false });
    expect(await smtpAuth(plain.email, plain.password)).toMatchObject({ isAccepted: false, response: expect.stringMatching(/^535/) });
    expect(await smtpAuth(plain.email, 'anything')).toMatchObject({ isAccepted: false });
  } finally {
    await withPostfix?.stop();
    await postfix.stop();
  }
});

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
  const account = await createAccount();
  expect(await imap(account.email, account.password)).toMatchObject({ isAccepted: true });
  expect(await pop3Login(ports.pop3, { user: account.email, pass: account.password })).toMatchObject({ isAccepted: true });

  await signInAs(page, account);
  await enrolAuthenticator(page);
  // A failure (a mismatch), never an OK with nologin, whichever client asks: the mail app reads
  // Dovecot's "Authentication failed." and asks for another password; the owner reads why on the
  // page and in the e-mail.
  const refused = await everyClient(account.email, account.password);
  expectEveryClientRefused(refused, /^(?!.*code=).*$/);
  expect(refused.IMAP?.response).toContain('Authentication failed');

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
  await gatehouse('brand', 'create', '--name', `Mail ${slug}`, '--slug', slug, '--domain', domain);
  const account = await createMailbox({ domain });
  await signInAs(page, account);
  const password = await createAppPasswordOnPage(page, 'Desk PC');
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });

  await gatehouse('brand', 'set', slug, '--allow-app-passwords', 'off');
  expectEveryClientRefused(await everyClient(account.email, password), /code=user_disabled/);
  await page.goto('/settings/security');
  await expect(page.getByRole('heading', { name: 'App passwords' })).toHaveCount(0);
  await expect(page.getByText('Your provider has turned app passwords off: the 1 you created')).toBeVisible();

  await gatehouse('brand', 'set', slug, '--allow-app-passwords', 'platform');
  expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });
});

test('a fifth app password cannot be created, not even from a page opened at three', async ({ page, context }) => {
  await signInAs(page, await createAccount());
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
  const account = await createAccountWithAuthenticator(page);
  const responses: string[] = [];
  for (let i = 0; i < 30; i++) responses.push((await imap(account.email, `wrong guess ${i}`)).response);
  expect(responses.filter((response) => response.includes('Authentication failed')).length).toBeLessThanOrEqual(10);
  // Throttled is "try later" (a temporary failure), never an OK.
  expect(responses.some((response) => response.includes('Temporary authentication failure'))).toBe(true);

  await signIn(page, account);
  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
});

test('a wrong password, and any password during a throttle wait, is a failure to doveadm auth test, IMAP and submission', async () => {
  const account = await createAccount();
  expect(await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: account.password })).toMatchObject({ isAccepted: true });

  // Wrong password: a mismatch (doveadm prints no code).
  expectEveryClientRefused(await everyClient(account.email, 'not the password'), /^(?!.*code=).*$/);
  // Throttled: five wrong passwords earn a wait, and each one after a wait a longer one (2, 4,
  // 8 s). During it the right password is "try later" too; it never reads as an OK, which made
  // any password work over SMTP AUTH.
  await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: 'wrong 2' });
  await sleep(2_200);
  await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: 'wrong 3' });
  await sleep(4_200);
  await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: 'wrong 4' });
  expectEveryClientRefused(await everyClient(account.email, account.password), /code=temp_fail/);
  expect(await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: 'any password at all' })).toMatchObject({ isAccepted: false });
});

test('once the enrolment period is over, neither the account password nor an app password opens the mailbox until it enrols', async ({ page }) => {
  const slug = `m-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  await gatehouse('brand', 'create', '--name', `Mail ${slug}`, '--slug', slug, '--domain', domain);
  const account = await createMailbox({ domain });
  await signInAs(page, account);
  const appPassword = await createAppPasswordOnPage(page, 'Old phone');
  expect(await imap(account.email, appPassword)).toMatchObject({ isAccepted: true });
  expect(await imap(account.email, account.password)).toMatchObject({ isAccepted: true });
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // No days to enrol: the first login under the requirement starts the period, and it is over.
  await gatehouse('brand', 'set', slug, '--require-2fa', 'on', '--enrolment-days', '0');
  expectEveryClientRefused(await everyClient(account.email, account.password), /code=user_disabled/);
  expectEveryClientRefused(await everyClient(account.email, appPassword), /code=user_disabled/);
  expect(await pop3Login(ports.pop3, { user: account.email, pass: appPassword })).toMatchObject({ isAccepted: false });
  expect(await readOutbox(page, account.email, 'EMAIL')).toContain('your provider requires two-factor authentication and the time to set it up has run out');

  // Enrolling (the web leaves no other way) brings the app password back; the account password
  // stays refused, now because two-factor is on.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await enrolAtSignIn(page);
  expect(await imap(account.email, appPassword)).toMatchObject({ isAccepted: true });
  expect(await submissionLogin(ports.submission, { user: account.email, pass: appPassword })).toMatchObject({ isAccepted: true });
  expect(await doveadmAuthTest(mainDovecot(), 'smtp', { user: account.email, pass: account.password })).toMatchObject({ isAccepted: false });
});

test('an unreachable Gatehouse or a wrong shared secret is a temporary failure, never a wrong password', async () => {
  const account = await createAccount();
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
    const account = await createAccount();
    await signInAs(page, account);
    const password = await createAppPasswordOnPage(page, 'No-script laptop');
    expect(await imap(account.email, password)).toMatchObject({ isAccepted: true });
    await page.goto('/settings/security');
    await expect(page.getByRole('status', { name: 'New app password' })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'App passwords' })).toContainText('No-script laptop');
  });
});
