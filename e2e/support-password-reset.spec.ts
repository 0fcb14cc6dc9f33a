import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { readOutbox } from './messages';
import { seedAlternateEmail, seedAuthenticator } from './seed';
import { answerTokenPrompt, appCode, createMailbox, gatehouse, newBrand, PASSWORD, postForm, signIn, signInWithApp, stepsFromNow } from './support';

// Support's side of a forgotten password (issue 19): the console sends a reset link to the owner's
// confirmed alternate address, or shows a reset code once where there is none. The owner's side
// of the link (/sign-in/forgot/link/…) is the recovery pages' and their own specs'.

const LINK = /https?:\/\/[^\s]+\/sign-in\/forgot\/link\/[A-Za-z0-9_-]{43}/;

/** A brand with a support contact, a member of its support staff, and a mailbox with a confirmed alternate address. */
async function brandWithMailbox({ alternate = true }: { alternate?: boolean } = {}) {
  const brand = await newBrand({ support: true });
  const mailbox = await createMailbox({ domain: brand.domain });
  const address = `alt-${randomUUID().slice(0, 8)}@elsewhere.example`;
  if (alternate) await seedAlternateEmail(mailbox.email, address);
  const staff = await createMailbox({ domain: brand.domain, role: 'brand-support', brand: brand.slug });
  return { ...brand, mailbox: { ...mailbox, alternate: address }, staff };
}

/** Support opens the mailbox page and the confirmation of one action. */
async function openSupportAction(page: Page, { email, action }: { email: string; action: string }) {
  await page.goto(`/support?q=${encodeURIComponent(email)}`);
  await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: email }).click();
  await expect(page.getByRole('heading', { name: email })).toBeVisible();
  await page.getByRole('region', { name: 'Help the owner back in' }).getByRole('link', { name: action }).click();
  await expect(page.getByRole('heading', { name: `${action}: ${email}` })).toBeVisible();
}

/**
 * The reset link in the newest message to `to` that carries one, read from the development
 * outbox as its owner would read their mail (the notice of the link arrives there too).
 */
async function readResetLink(page: Page, to: string): Promise<string> {
  const browser = page.context().browser();
  if (!browser) throw new Error('The outbox is read from a browser page.');
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
  try {
    const outbox = await context.newPage();
    await outbox.goto('/dev/outbox');
    const message = outbox.getByRole('article', { name: `EMAIL to ${to}` }).filter({ hasText: '/sign-in/forgot/link/' }).first();
    await expect(message).toBeVisible();
    const link = LINK.exec((await message.textContent()) ?? '')?.[0];
    expect(link, `a reset link in the e-mail to ${to}`).toBeTruthy();
    return link as string;
  } finally {
    await context.close();
  }
}

test('a reset link forged for a mailbox of another brand is refused like the page, and nothing is sent', async ({ browser }) => {
  const [ours, theirs] = [await brandWithMailbox(), await brandWithMailbox()];
  const users = JSON.parse(await gatehouse('user', 'list', '--json')) as Array<{ id: string; email: string; brandId: string }>;
  const [own, victim] = [ours.mailbox.email, theirs.mailbox.email].map((email) => users.find((user) => user.email === email) as { id: string; brandId: string });
  // The server renders the form's hidden fields; read without JavaScript, as a plain form posts them.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInWithApp(page, ours.staff);
  expect((await page.goto(`/support/mailboxes/${victim?.id}/password-reset-link`))?.status()).toBe(404);

  await page.goto(`/support/mailboxes/${own?.id}/password-reset-link`);
  const hidden = await page
    .locator('form input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  const fields = [
    ...hidden.map(([name, value]) => [name, name === 'userId' ? (victim?.id as string) : name === 'brandId' ? (victim?.brandId as string) : value] as const),
    ['reason', 'forged'] as const,
  ];
  await postForm(page, `/support/mailboxes/${own?.id}/password-reset-link`, fields);
  await expect(page.getByRole('alert')).toContainText('You are not allowed to do that.');
  await context.close();

  const outbox = await browser.newContext({ baseURL });
  const view = await outbox.newPage();
  await view.goto('/dev/outbox');
  await expect(view.getByRole('heading', { name: 'Development outbox' })).toBeVisible();
  await expect(view.getByRole('article', { name: `EMAIL to ${theirs.mailbox.alternate}` })).toHaveCount(0);
  await outbox.close();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('support sends a password reset link from the console: it arrives at the alternate address, never the mailbox, and the owner is told', async ({ page }) => {
      const brand = await brandWithMailbox();
      await signInWithApp(page, brand.staff);
      await openSupportAction(page, { email: brand.mailbox.email, action: 'Send a password reset link' });
      await expect(page.getByText('The link goes to the alternate address a•••@elsewhere.example.')).toBeVisible();

      // Without a reason nothing is sent, and the page says why.
      await page.getByLabel('Reason').fill('   ');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/Write why you are doing this/);
      await page.getByLabel('Reason').fill('Ticket 5150: forgot the password; identity checked by a callback');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await expect(page.getByRole('status')).toContainText('A password reset link was e-mailed to the owner’s alternate address');
      // Support is never shown the link.
      await expect(page.locator('body')).not.toContainText('/sign-in/forgot/link/');

      const link = await readResetLink(page, brand.mailbox.alternate);
      expect(new URL(link).pathname).toMatch(/^\/sign-in\/forgot\/link\/[A-Za-z0-9_-]{43}$/);
      const notice = await readOutbox(page, brand.mailbox.email, 'EMAIL');
      expect(notice).toContain('Support sent you a link to choose a new password');
      expect(notice).toContain('The alternate address a•••@elsewhere.example was sent a link');
      expect(notice).not.toMatch(LINK);
      expect(notice).not.toContain(brand.staff.email);
    });

    test('a mailbox with nowhere to send a link gets a reset code, shown to support once', async ({ page }) => {
      const brand = await brandWithMailbox({ alternate: false });
      await signInWithApp(page, brand.staff);
      await page.goto(`/support?q=${encodeURIComponent(brand.mailbox.email)}`);
      await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: brand.mailbox.email }).click();
      const actions = page.getByRole('region', { name: 'Help the owner back in' });
      await expect(actions.getByRole('link', { name: 'Send a password reset link' })).toHaveCount(0);

      await openSupportAction(page, { email: brand.mailbox.email, action: 'Issue a password reset code' });
      await page.getByLabel('Reason').fill('Ticket 5151: forgot the password, no alternate address; identity checked in the shop');
      await page.getByRole('button', { name: 'Issue a reset code' }).click();
      await expect(page.getByLabel('Password reset code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      expect(await readOutbox(page, brand.mailbox.email, 'EMAIL')).toContain('Support issued a code to choose a new password');
    });

    test('support sends a password reset link and the owner finishes it from the outbox, then signs in with the new password', async ({ page }) => {
      const brand = await brandWithMailbox();
      // With the app as well as the address, the link (which proves the address) and the app are
      // the two different proofs a mailbox with a second factor needs.
      const { secret: appSecret } = await seedAuthenticator(brand.mailbox.email);
      await signInWithApp(page, brand.staff);
      await openSupportAction(page, { email: brand.mailbox.email, action: 'Send a password reset link' });
      await page.getByLabel('Reason').fill('Ticket 5152: forgot the password; identity checked by a callback');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await expect(page.getByRole('status')).toContainText('A password reset link was e-mailed');
      const link = await readResetLink(page, brand.mailbox.alternate);
      await page.context().clearCookies();

      // Opening the link changes nothing (a mail scanner may follow it); its button does.
      await page.goto(link);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page).toHaveURL(/\/sign-in\/forgot\/verify$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Prove it is you a second way' })).toBeVisible();
      await page.getByLabel('Authenticator or backup code').fill(appCode(appSecret));
      await page.getByRole('button', { name: 'Verify' }).click();
      const newPassword = `Stone ferry ${randomUUID().slice(0, 6)} lantern`;
      await page.getByLabel('New password').fill(newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page).toHaveURL(/\/sign-in\?recovered=1$/);

      // Used once: the same link leads nowhere now.
      await page.goto(link);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.locator('form').getByRole('alert')).toHaveText(/This reset link has expired or was already used/);

      // The old password no longer signs in; the new one does.
      await signIn(page, { email: brand.mailbox.email, password: PASSWORD });
      await expect(page.locator('form').getByRole('alert')).toContainText('do not match');
      await signIn(page, { email: brand.mailbox.email, password: newPassword });
      await answerTokenPrompt(page, appCode(appSecret, stepsFromNow(1)));
      await expect(page).toHaveURL(/\/settings\/security$/);
    });
  });
}
