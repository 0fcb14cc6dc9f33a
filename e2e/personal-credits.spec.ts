import { expect, test } from '@playwright/test';
import { readCode, uniqueUsNumber } from './messages';
import { seedPhone } from './seed';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, createMailbox, gatehouse, newBrand, signIn, signInAs, signOut, stepsFromNow } from './support';
import { expectNoAxeViolations } from './axe';

// Issue 20: where a brand has mailboxes pay for texts, a mailbox in no family or business account
// buys SMS credits of its own (the development test purchase, labelled: no Stripe on the test
// server) and its text code at sign-in is paid from that pool. axe with JavaScript on and off.

test('a mailbox outside any organisation buys credits (the labelled test purchase) and its text code is paid from its own pool', async ({ page, browser }) => {
  // Two sign-ins, a purchase and eight axe checks (each with JavaScript on and off).
  test.slow();
  const brand = await newBrand({ prefix: 'paid', support: true });
  // The brand holds "codes only as a backup" itself, as a paying brand must: following the
  // platform's, it would stop the platform-wide spec from letting codes stand alone (refused while
  // a brand that follows it has mailboxes paying, so an empty pool never locks one out).
  await gatehouse('brand', 'set', brand.slug, '--codes-alone', 'off', '--texts-paid-by', 'mailbox');
  const mailbox = await createAccountWithAuthenticator(page, await createMailbox({ domain: brand.domain }));
  const phone = uniqueUsNumber();
  await seedPhone(mailbox.email, phone.e164);

  // Before any purchase: the prompt says the pool is empty, names the brand's support, and the
  // mailbox signs in with its app.
  await signIn(page, mailbox);
  await expect(page.getByTestId('organisation-sms')).toContainText('You have no SMS credits left');
  await expect(page.getByTestId('organisation-sms')).toContainText(`help@${brand.domain}`);
  await expectNoAxeViolations(page, browser);
  await answerTokenPrompt(page, appCode(mailbox.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);

  const section = page.getByRole('region', { name: 'SMS credits' });
  await expect(section).toContainText('you have 0');
  await expectNoAxeViolations(page, browser);
  await section.getByRole('link', { name: 'Buy SMS Credits' }).click();
  await expect(page.getByRole('heading', { name: 'SMS Credits', level: 1 })).toBeVisible();
  await expect(page.getByText(/Test mode: Stripe is not configured/)).toBeVisible();
  await expectNoAxeViolations(page, browser);
  await page.getByLabel(/^100 SMS credits/).check();
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.getByRole('status')).toContainText('100 credits added. The balance is now 100.');
  await page.reload();
  await expect(page.getByTestId('own-credit-balance')).toHaveText('100');
  await expect(page.getByRole('table')).toContainText('Test purchase: no payment was taken');
  await expectNoAxeViolations(page, browser);

  // A forged pack is refused with the table's sentence; nothing changes.
  await page.getByLabel(/^100 SMS credits/).evaluate((radio: HTMLInputElement) => {
    radio.value = '1000000000000';
  });
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Choose one of the SMS credit packs listed.');
  await signOut(page);

  // The text code at sign-in is paid from the mailbox's own pool.
  await signIn(page, mailbox);
  await expect(page.getByTestId('organisation-sms')).toHaveCount(0);
  await page.locator('form').filter({ hasText: phone.masked }).getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByRole('status')).toContainText(`by text message to ${phone.masked}`);
  await answerTokenPrompt(page, await readCode(page, phone.e164, 'SMS'));
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.goto('/settings/credits');
  await expect(page.getByTestId('own-credit-balance')).toHaveText('99');
  await expect(page.getByRole('table')).toContainText('Debit (text)');
});

test('a brand administrator lets mailboxes pay and sets its own packs; a price under the minimum is refused', async ({ page, browser }) => {
  test.slow();
  const brand = await newBrand({ prefix: 'packs' });
  // Held by the brand itself (see the first test): a paying brand that followed the platform's
  // "codes only as a backup" would keep the platform-wide spec from changing it.
  await gatehouse('brand', 'set', brand.slug, '--codes-alone', 'off');
  const admin = await createAccountWithAuthenticator(page, brand.admin);
  await signInAs(page, admin, { code: appCode(admin.secret, stepsFromNow(1)) });
  await page.goto(`/admin/brands/${brand.slug}`);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save SMS credits' }) });
  await form.getByLabel('The mailbox, from its own SMS credits').check();
  await form.getByLabel("The brand's own SMS credit packs").fill('100 = 0.50');
  await form.getByRole('button', { name: 'Save SMS credits' }).click();
  await expect(form.getByText(/platform's minimum is 3 cents a credit/)).toBeVisible();
  await expectNoAxeViolations(page, browser);
  expect(await gatehouse('brand', 'show', brand.slug)).not.toContain('Texts paid by: the mailbox');

  await form.getByLabel("The brand's own SMS credit packs").fill('50 = 4.00\n200 = 12.00');
  await form.getByRole('button', { name: 'Save SMS credits' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await expectNoAxeViolations(page, browser);

  // Its mailboxes are offered the brand's packs, not the platform's.
  await signOut(page);
  const mailbox = await createAccountWithAuthenticator(page, await createMailbox({ domain: brand.domain }));
  await signInAs(page, mailbox, { code: appCode(mailbox.secret, stepsFromNow(1)) });
  await page.goto('/settings/credits');
  await expect(page.getByLabel(/^50 SMS credits/)).toBeVisible();
  await expect(page.getByLabel(/^200 SMS credits/)).toBeVisible();
  await expect(page.getByLabel(/^100 SMS credits/)).toHaveCount(0);
});
