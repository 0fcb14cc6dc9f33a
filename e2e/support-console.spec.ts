import { expect, test, type Page } from '@playwright/test';
import { readOutbox } from './messages';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, createMailbox, gatehouse, newBrand, openUserMenu, postForm, signIn, signInAs, signInWithApp, signOut, stepsFromNow } from './support';

/** A brand of its own for one test, with a support contact, a mailbox and a member of its support staff. */
async function brandWithSupport() {
  const brand = await newBrand({ support: true });
  return { ...brand, mailbox: await createMailbox({ domain: brand.domain }), staff: await createMailbox({ domain: brand.domain, role: 'brand-support', brand: brand.slug }) };
}

/** Support finds the mailbox by its domain and opens the confirmation page of one action. */
async function openSupportAction(page: Page, { domain, email, action }: { domain: string; email: string; action: string }) {
  await page.goto('/settings/security');
  await openUserMenu(page);
  await page.getByRole('link', { name: 'Support' }).click();
  await page.getByLabel('Mailbox address or domain').fill(domain);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('list', { name: 'Mailboxes' }).getByRole('link', { name: email }).click();
  await expect(page.getByRole('heading', { name: email })).toBeVisible();
  await page.getByRole('region', { name: 'Help the owner back in' }).getByRole('link', { name: action }).click();
  await expect(page.getByRole('heading', { name: `${action}: ${email}` })).toBeVisible();
}

test('a user loses their phone: brand support disables 2FA, the user is told and, the brand requiring 2FA, lands in the wizard', async ({ page }) => {
  const brand = await brandWithSupport();
  const user = await createAccountWithAuthenticator(page, brand.mailbox);
  const staff = await createAccountWithAuthenticator(page, brand.staff);
  // From now on the brand requires 2FA; the user had it before, so their period never started.
  await gatehouse('brand', 'set', brand.slug, '--require-2fa', 'on', '--enrolment-days', '0');

  await signInAs(page, staff, { code: appCode(staff.secret, stepsFromNow(1)) });
  await openSupportAction(page, { domain: brand.domain, email: user.email, action: 'Disable 2FA' });
  // Without a reason nothing happens, and the page says why.
  await page.getByLabel('Reason').fill('   ');
  await page.getByRole('button', { name: 'Disable 2FA' }).click();
  await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/Write why you are doing this/);
  await page.getByLabel('Reason').fill('Ticket 4411: phone lost; identity checked by callback to the number on file');
  await page.getByRole('button', { name: 'Disable 2FA' }).click();
  await expect(page.getByRole('status')).toContainText('Two-factor authentication is off');
  await expect(page.getByRole('region', { name: 'Second factors' })).toContainText('None.');
  await page.goto('/settings/security');
  await signOut(page, { here: true });

  const notice = await readOutbox(page, user.email, 'EMAIL');
  expect(notice).toContain('Support turned off two-factor authentication');
  expect(notice).toContain(`by ${brand.name} support`);
  expect(notice).not.toContain(brand.staff.email);

  // The password alone now, and straight into the wizard: no "Set up later" with the period over.
  await signIn(page, user);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('button', { name: 'Set up later' })).toHaveCount(0);
});

test('"Issue recovery codes" shows support a fresh set once, and one of them lets the user in', async ({ page }) => {
  const brand = await brandWithSupport();
  const user = await createAccountWithAuthenticator(page, brand.mailbox);

  await signInWithApp(page, brand.staff);
  await openSupportAction(page, { domain: brand.domain, email: user.email, action: 'Issue recovery codes' });
  await page.getByLabel('Reason').fill('Ticket 4412: new phone, old one wiped; identity checked in the shop');
  await page.getByRole('button', { name: 'Issue recovery codes' }).click();
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list).toBeVisible();
  const codes = await list.getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  await page.goto('/settings/security');
  await signOut(page, { here: true });

  // The old set no longer works; a new code does.
  await signIn(page, user);
  await answerTokenPrompt(page, user.backupCodes[0] as string);
  await expect(page.getByRole('alert').filter({ hasText: 'not valid' })).toBeVisible();
  await page.reload();
  await answerTokenPrompt(page, codes[0] as string);
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect(await readOutbox(page, user.email, 'EMAIL')).toContain('Support issued new recovery codes');
});

test('support cannot open a mailbox of another brand, nor post a forged action for it', async ({ browser }) => {
  const ours = await brandWithSupport();
  const theirs = await brandWithSupport();
  const victim = await gatehouseUser(theirs.mailbox.email);
  // The server renders the action's hidden fields; read without JavaScript, as a plain form would post them.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInWithApp(page, ours.staff);
  await page.goto('/support?q=' + encodeURIComponent(theirs.domain));
  await expect(page.getByText('No mailbox you support matches that.')).toBeVisible();
  // Bad searches get their message, never an error page.
  const empty = await page.goto('/support?q=%20');
  expect(empty?.status()).toBe(200);
  await expect(page.getByRole('alert')).toContainText('Enter a mailbox address, or a domain');
  const huge = await page.goto('/support?q=' + 'a'.repeat(10_000));
  expect(huge?.status()).toBe(200);
  await expect(page.getByRole('alert')).toContainText('Search for at most 254 characters');
  expect((await page.goto(`/support/mailboxes/${victim.id}`))?.status()).toBe(404);

  // Our own mailbox's confirmation page, with the other brand's mailbox put in its fields.
  const own = await gatehouseUser(ours.mailbox.email);
  await page.goto(`/support/mailboxes/${own.id}/sign-out`);
  const hidden = await page
    .locator('form input[type="hidden"]')
    .evaluateAll((inputs) => inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const));
  const fields = [
    ...hidden.map(([name, value]) => [name, name === 'userId' ? victim.id : name === 'brandId' ? victim.brandId : value] as const),
    ['reason', 'forged'] as const,
  ];
  await postForm(page, `/support/mailboxes/${own.id}/sign-out`, fields);
  await expect(page.getByRole('alert')).toContainText('You are not allowed to do that.');
  await context.close();
});

/** A mailbox as the platform's console lists it. */
async function gatehouseUser(email: string): Promise<{ id: string; brandId: string }> {
  const users = JSON.parse(await gatehouse('user', 'list', '--json')) as Array<{ id: string; email: string; brandId: string }>;
  const user = users.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`No mailbox ${email}`);
  return user;
}

test('with "Only from a new country", a remembered country asks only for the password, a new one asks for the code and sends a notice', async ({ page }) => {
  const user = await createAccountWithAuthenticator(page);
  const from = (address: string) => page.setExtraHTTPHeaders({ 'X-Forwarded-For': address });

  // Germany, first time: the code is asked, and the user is told of the new country.
  await from('194.25.0.1');
  await signIn(page, user);
  await answerTokenPrompt(page, user.backupCodes[0] as string);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const when = page.getByRole('region', { name: 'When to ask for a code' });
  await when.getByLabel('Only from a new country').check();
  await when.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');
  await expect(page.getByRole('region', { name: 'Remembered locations' })).toContainText('Germany (DE)');
  expect(await readOutbox(page, user.email, 'EMAIL')).toContain('Germany (DE)');
  await signOut(page, { here: true });

  // Another address in Germany: the password alone.
  await from('217.160.0.1');
  await signIn(page, user);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await signOut(page, { here: true });

  // France is new: the code, and a notice naming France.
  await from('80.67.169.12');
  await signIn(page, user);
  await answerTokenPrompt(page, user.backupCodes[1] as string);
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect(await readOutbox(page, user.email, 'EMAIL')).toContain('France (FR)');
  await signOut(page, { here: true });

  // Support resets the remembered locations: Germany is asked again.
  await gatehouse('support', 'reset-locations', '--email', user.email, '--reason', 'Ticket 4413: the owner saw a sign-in they did not make');
  await from('194.25.0.1');
  await signIn(page, user);
  await expect(page).toHaveURL(/\/sign-in\/token$/);
});

test('"Can\'t use any of these?" on the token prompt names the brand\'s support', async ({ page }) => {
  const brand = await brandWithSupport();
  const user = await createAccountWithAuthenticator(page, brand.mailbox);
  await signIn(page, user);
  await page.getByText('Can’t use any of these?').click();
  await expect(page.getByRole('link', { name: `help@${brand.domain}` })).toBeVisible();
  await expect(page.getByText('Support never asks for your password or for a code.')).toBeVisible();
});
