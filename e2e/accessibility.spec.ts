import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readCode, uniqueUsNumber } from './messages';
import { seedAlternateEmail, seedAuthenticator, seedPhone } from './seed';
import { answerTokenPrompt, appCode, createAccount, createAccountWithAuthenticator, openUserMenu, signIn, signInAs, signInWithApp, stepsFromNow } from './support';
import { axeViolations, axeViolationsWithoutScripts } from './axe';

type Check = (state: string, heading: string) => Promise<void>;

/** "Forgot password?" for `email`, up to the page that asks where to send a code. */
async function startRecovery(page: Page, email: string) {
  await page.goto('/sign-in/forgot');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/sign-in\/forgot\/verify$/);
}

/**
 * Every page of the app in the states a user meets it, as walks that each start from nothing and
 * call `check` once the page shows its `heading`: signed out; with two-factor off and through the
 * enrolment wizard; with it on (seeded, e2e/seed.ts); in the middle of a sign-in and after it; and
 * as a platform administrator (its settings and the support console). Each walk lists the states
 * it checks, and a test that fails names its walk.
 */
const WALKS: Record<string, { states: string[]; walk: (page: Page, check: Check) => Promise<void> }> = {
  'signed out': {
    states: ['sign-in', 'token prompt, no sign-in under way', 'token prompt, sign-in expired'],
    walk: async (page, check) => {
      await page.goto('/sign-in');
      await check('sign-in', 'Sign in');

      await page.goto('/sign-in/token');
      await check('token prompt, no sign-in under way', 'No sign-in in progress');

      // A pending-login cookie whose login no longer exists: the expired sign-in.
      await page.context().addCookies([{ name: 'gatehouse.pending-login', value: 'no-such-login', url: page.url() }]);
      await page.goto('/sign-in/token');
      await check('token prompt, sign-in expired', 'Your sign-in has expired');
    },
  },
  'two-factor off and the enrolment wizard': {
    states: ['account security, two-factor off', 'enrolment wizard, before Verify', 'enrolment wizard, after Verify'],
    walk: async (page, check) => {
      await signInAs(page, await createAccount());
      await expect(page.getByText('MFA status: Off')).toBeVisible();
      await check('account security, two-factor off', 'Account Security');

      await page.getByRole('button', { name: 'Enable' }).click();
      await expect(page).toHaveURL(/\/settings\/security\/two-factor$/);
      await check('enrolment wizard, before Verify', 'Set up your authenticator app');
      const secret = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
      await page.getByLabel('Token').fill(appCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible();
      await check('enrolment wizard, after Verify', 'Set up your authenticator app');
      await page.getByRole('link', { name: 'I have saved my codes' }).click();
      await expect(page.getByText('MFA status: On')).toBeVisible();
    },
  },
  'two-factor on': {
    states: ['account security, two-factor on', 'settings, from the user menu', 'account security, new backup codes'],
    walk: async (page, check) => {
      await signInWithApp(page);
      await expect(page.getByText('MFA status: On')).toBeVisible();
      await check('account security, two-factor on', 'Account Security');

      await openUserMenu(page);
      await page.getByRole('navigation', { name: 'User menu' }).getByRole('link', { name: 'Settings', exact: true }).click();
      await check('settings, from the user menu', 'Settings');
      await page.goto('/settings/security');

      // The same backup-codes panel, here under the page's "Backup codes" heading.
      await page.getByRole('button', { name: 'Show Codes' }).click();
      await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible();
      await check('account security, new backup codes', 'Account Security');
    },
  },
  'adding a backup phone or an alternate address': {
    states: ['add a backup phone', 'add an alternate e-mail address'],
    walk: async (page, check) => {
      await signInWithApp(page);
      await page.goto('/settings/security/phones/new');
      await expect(page.getByLabel('Phone number')).toBeVisible();
      await check('add a backup phone', 'Add a backup phone');

      await page.goto('/settings/security/alternate-email');
      await expect(page.getByLabel('Alternate e-mail address')).toBeVisible();
      await check('add an alternate e-mail address', 'Add an alternate e-mail address');
    },
  },
  'a sign-in under way, then signed in with two-factor': {
    states: ['token prompt, during a sign-in', 'alternative logins'],
    walk: async (page, check) => {
      const account = await createAccountWithAuthenticator(page);
      await signIn(page, account);
      await expect(page).toHaveURL(/\/sign-in\/token$/);
      await check('token prompt, during a sign-in', 'Two-step verification');
      // The app's next code is inside the ±1 step window.
      await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
      await expect(page).toHaveURL(/\/settings\/security$/);

      await page.goto('/settings/alternative-logins');
      await expect(page.getByRole('button', { name: 'Generate list' })).toBeVisible();
      await check('alternative logins', 'Alternative Logins');
    },
  },
  'forgot password, before a recovery': {
    states: ['forgot password', 'forgot password, no reset under way', 'reset code from support', 'support reset link'],
    walk: async (page, check) => {
      await page.goto('/sign-in/forgot');
      await check('forgot password', 'Forgot your password?');
      await page.goto('/sign-in/forgot/verify');
      await check('forgot password, no reset under way', 'No password reset in progress');
      await page.goto('/sign-in/forgot/code');
      await check('reset code from support', 'I have a reset code from support');
      await page.goto('/sign-in/forgot/link/no-such-link');
      await check('support reset link', 'Reset your password');
    },
  },
  'forgot password, a recovery with an authenticator': {
    states: ['forgot password, where to send a code', 'forgot password, code sent', 'forgot password, second proof', 'forgot password, new password'],
    walk: async (page, check) => {
      const account = await createAccount();
      const { secret } = await seedAuthenticator(account.email);
      const alternate = `alt-${randomUUID().slice(0, 8)}@elsewhere.test`;
      await seedAlternateEmail(account.email, alternate);
      await startRecovery(page, account.email);
      await check('forgot password, where to send a code', 'Reset your password');
      await page.getByRole('button', { name: 'E-mail a code to a•••@elsewhere.test' }).click();
      await expect(page.getByLabel('Code we sent')).toBeVisible();
      await check('forgot password, code sent', 'Reset your password');
      await page.getByLabel('Code we sent').fill(await readCode(page, alternate, 'EMAIL'));
      await page.getByRole('button', { name: 'Verify' }).click();
      await check('forgot password, second proof', 'Prove it is you a second way');
      await page.getByLabel('Authenticator or backup code').fill(appCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await check('forgot password, new password', 'Choose a new password');
    },
  },
  'forgot password, a mailbox with only a backup phone': {
    states: ['forgot password, contact support'],
    walk: async (page, check) => {
      const account = await createAccount();
      const phone = uniqueUsNumber();
      await seedPhone(account.email, phone.e164);
      await startRecovery(page, account.email);
      await page.getByRole('button', { name: `Text a code to ${phone.masked}` }).click();
      await page.getByLabel('Code we sent').fill(await readCode(page, phone.e164, 'SMS'));
      await page.getByRole('button', { name: 'Verify' }).click();
      await check('forgot password, contact support', 'Contact support to reset your password');
    },
  },
  // Its own test: by now the outbox holds every message of the run so far, and axe reads them all.
  'the development outbox, signed in': {
    states: ['development outbox'],
    walk: async (page, check) => {
      await signInWithApp(page);
      await page.goto('/dev/outbox');
      await check('development outbox', 'Development outbox');
    },
  },
  'a platform administrator, platform settings': {
    states: ['platform settings, as an administrator'],
    walk: async (page, check) => {
      await signInWithApp(page, 'ADMIN');
      await openUserMenu(page);
      await page.getByRole('link', { name: 'Platform settings' }).click();
      await expect(page).toHaveURL(/\/admin\/platform$/);
      await check('platform settings, as an administrator', 'Platform settings');
    },
  },
  'a platform administrator, the support console': {
    states: ['support console, a search', 'support console, a mailbox', 'support console, a confirmation'],
    walk: async (page, check) => {
      const account = await createAccount();
      await signInWithApp(page, 'ADMIN');
      await page.goto(`/support?q=${encodeURIComponent(account.email)}`);
      await check('support console, a search', 'Support');
      await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: account.email }).click();
      await check('support console, a mailbox', account.email);
      await page.getByRole('link', { name: 'Sign out everywhere' }).click();
      await check('support console, a confirmation', `Sign out everywhere: ${account.email}`);
    },
  },
  'a platform administrator, support’s password reset': {
    states: ['support console, send a reset link', 'support console, a reset link sent', 'support console, issue a reset code', 'support console, a reset code shown once'],
    walk: async (page, check) => {
      const [withAddress, without] = [await createAccount(), await createAccount()];
      await seedAlternateEmail(withAddress.email, `alt-${withAddress.email.split('@')[0]}@elsewhere.example`);
      await signInWithApp(page, 'ADMIN');
      await page.goto(`/support?q=${encodeURIComponent(withAddress.email)}`);
      await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: withAddress.email }).click();
      await page.getByRole('link', { name: 'Send a password reset link' }).click();
      await check('support console, send a reset link', `Send a password reset link: ${withAddress.email}`);
      await page.getByLabel('Reason').fill('Accessibility walk');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await expect(page.getByRole('status')).toBeVisible();
      await check('support console, a reset link sent', withAddress.email);

      await page.goto(`/support?q=${encodeURIComponent(without.email)}`);
      await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: without.email }).click();
      await page.getByRole('link', { name: 'Issue a password reset code' }).click();
      await check('support console, issue a reset code', `Issue a password reset code: ${without.email}`);
      await page.getByLabel('Reason').fill('Accessibility walk');
      await page.getByRole('button', { name: 'Issue a reset code' }).click();
      await expect(page.getByLabel('Password reset code')).toBeVisible();
      await check('support console, a reset code shown once', `Issue a password reset code: ${without.email}`);
    },
  },
};

/** Runs axe at every state of one walk and reports them all at once, by state. */
async function expectNoViolationsOnWalk(page: Page, name: string, { withoutScriptsIn }: { withoutScriptsIn?: Browser } = {}) {
  const { states, walk } = WALKS[name] as (typeof WALKS)[string];
  const found: Record<string, string[]> = {};
  await walk(page, async (state, heading) => {
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // After a server action Next puts the page's <title> back a moment later; check the settled page.
    await expect(page).toHaveTitle(/Gatehouse$/);
    found[state] = withoutScriptsIn ? await axeViolationsWithoutScripts(page, withoutScriptsIn) : await axeViolations(page);
  });
  expect(Object.keys(found)).toEqual(states);
  const failing = Object.fromEntries(Object.entries(found).filter(([, lines]) => lines.length > 0));
  expect(failing).toEqual({});
}

test('the walks check every page of the app: 31 states', () => {
  expect(Object.values(WALKS).flatMap(({ states }) => states)).toHaveLength(31);
});

for (const name of Object.keys(WALKS)) {
  test(`${name}: every page has no axe violations with JavaScript on`, async ({ page }) => {
    await expectNoViolationsOnWalk(page, name);
  });
}

test.describe('without JavaScript', () => {
  // Every form posts to a server action, so each page is also used as the server renders it.
  test.use({ javaScriptEnabled: false });

  for (const name of Object.keys(WALKS)) {
    test(`${name}: every page has no axe violations with JavaScript off`, async ({ page, browser }) => {
      await expectNoViolationsOnWalk(page, name, { withoutScriptsIn: browser });
    });
  }
});
