import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { axeViolationsWithoutScripts } from './axe';
import { countOutbox, readCode, readOutbox, uniqueUsNumber } from './messages';
import { seedPhone } from './seed';
import { answerTokenPrompt, appCode, createAccountWithAuthenticator, createAccount, gatehouse, signIn, signInAs, signInWithApp, signOut, stepsFromNow } from './support';

// Family and business accounts (issue 11, first part): the administrator allows SMS two-factor
// logins and buys credits (the development test purchase: no Stripe on the test server); a
// member's text code is paid from the pool; an empty pool tells the member, who signs in another way.

type Organisation = { id: string; name: string; creditBalance: number; allowSmsLogins: boolean };

async function organisationNamed(name: string): Promise<Organisation> {
  const all = JSON.parse(await gatehouse('org', 'list', '--json')) as Organisation[];
  const found = all.find((organisation) => organisation.name === name);
  if (!found) throw new Error(`no organisation named ${name}`);
  return found;
}

test('an administrator allows SMS logins and buys credits; a member signs in by text and the pool pays; an empty pool sends the member another way', async ({ page }) => {
  // A member with an authenticator app, backup codes and a confirmed phone (seeded, e2e/seed.ts).
  const member = await createAccountWithAuthenticator(page);
  const phone = uniqueUsNumber();
  await seedPhone(member.email, phone.e164);

  const admin = await signInWithApp(page);
  const name = `The E2E family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await gatehouse('org', 'add-member', '--org', name, '--email', member.email);

  // Until SMS logins are allowed there is nothing to buy.
  await page.goto('/org');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(member.email);
  await expect(page.getByRole('list', { name: 'Members' })).toContainText('two-factor authentication on');
  await expect(page.getByRole('link', { name: 'Buy SMS Credits' })).toHaveCount(0);
  await expect(page.getByTestId('credit-balance')).toHaveText('0');

  await page.getByRole('navigation', { name: 'Family or business account' }).getByRole('link', { name: 'Family Preferences' }).click();
  await expect(page.getByRole('heading', { name: 'Family Preferences' })).toBeVisible();
  await page.getByLabel('Allow SMS two-factor logins').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status')).toContainText('SMS two-factor logins are allowed');

  await page.getByRole('navigation', { name: 'Family or business account' }).getByRole('link', { name: 'Buy SMS Credits' }).click();
  await expect(page.getByRole('heading', { name: 'Buy SMS Credits' })).toBeVisible();
  await expect(page.getByText(/Test mode: Stripe is not configured/)).toBeVisible();
  await page.getByLabel(/^100 SMS credits/).check();
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.getByRole('status')).toContainText('100 credits added. The balance is now 100.');
  expect((await organisationNamed(name)).creditBalance).toBe(100);

  // SECURITY.md "Money": the page Stripe sends the buyer back to grants nothing, whatever its
  // address says; only the signed webhook (or the test purchase's verb) does. Visited twice, with a
  // made-up Checkout Session, it shows the balance as it is.
  for (let visit = 0; visit < 2; visit++) {
    await page.goto(`/org/credits?purchase=paid&session_id=cs_test_${randomUUID().replace(/-/g, '')}`);
    await expect(page.getByRole('status')).toContainText('The balance now shows 100.');
  }
  expect((await organisationNamed(name)).creditBalance).toBe(100);

  // A forged post buying an unlisted pack is refused with the table's sentence; nothing changes.
  const { id: organisationId } = await organisationNamed(name);
  await page.goto('/org/credits');
  await page.getByLabel(/^100 SMS credits/).evaluate((radio: HTMLInputElement) => {
    radio.value = '1000000000000';
  });
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Choose one of the SMS credit packs listed.');
  expect((await organisationNamed(name)).creditBalance).toBe(100);
  await signOut(page);

  // The member signs in with a text code: the balance drops by one.
  await signIn(page, member);
  await page.locator('form').filter({ hasText: phone.masked }).getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByRole('status')).toContainText(`by text message to ${phone.masked}`);
  await answerTokenPrompt(page, await readCode(page, phone.e164, 'SMS'));
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect((await organisationNamed(name)).creditBalance).toBe(99);
  // The member's page shows only its own texts.
  await page.goto('/org');
  await expect(page.getByRole('heading', { name: 'Your texts and calls' })).toBeVisible();
  await expect(page.getByText(/text, -1 credits/)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' })).toHaveCount(0);
  await signOut(page);

  // Support empties the pool: the member is told before and after asking, nothing is sent.
  await gatehouse('org', 'adjust-credits', '--org', organisationId, '--credits=-99', '--reason', 'end-to-end test: empty the pool');
  expect((await organisationNamed(name)).creditBalance).toBe(0);
  await signIn(page, member);
  const outOfCredits = 'Your family/business account has run out of SMS credits; ask its administrator, or use your authenticator app or a backup code.';
  await expect(page.getByTestId('organisation-sms')).toHaveText(outOfCredits);
  const before = await countOutbox(page, phone.e164);
  await page.locator('form').filter({ hasText: phone.masked }).getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.locator('form').filter({ hasText: phone.masked }).getByRole('alert')).toHaveText(outOfCredits);
  expect(await countOutbox(page, phone.e164)).toBe(before);
  // … and signs in another way: a backup code.
  await answerTokenPrompt(page, member.backupCodes[0] as string);
  await expect(page).toHaveURL(/\/settings\/security$/);
  expect((await organisationNamed(name)).creditBalance).toBe(0);
});

test('a forged post to another organisation is refused and changes nothing', async ({ page }) => {
  const owner = await signInWithApp(page);
  const victimName = `The victims ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', victimName, '--kind', 'business', '--admin', owner.email);
  await signOut(page);
  const victim = await organisationNamed(victimName);

  const attacker = await signInWithApp(page);
  const attackerName = `The attackers ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', attackerName, '--kind', 'family', '--admin', attacker.email);
  await page.goto('/org/preferences');
  // The attacker's own preferences form, posted with the victim's organisation id.
  await page.locator('form').filter({ hasText: 'Allow SMS two-factor logins' }).locator('input[name="organisationId"]').evaluate((input: HTMLInputElement, id: string) => {
    input.value = id;
  }, victim.id);
  await page.getByLabel('Allow SMS two-factor logins').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('You are not allowed to do that.');
  expect((await organisationNamed(victimName)).allowSmsLogins).toBe(false);
  expect((await organisationNamed(attackerName)).allowSmsLogins).toBe(false);
  // The history CSV is the attacker's own (empty) ledger, never the victim's.
  const csv = await page.request.get('/org/history.csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toBe('date,kind,member,channel,credits,balance_after,by,reason\r\n');
});

test('the organisation pages pass axe, and without JavaScript an administrator allows SMS logins and buys credits', async ({ page, browser }) => {
  // An administrator with an authenticator app, signed in with it: its second factor is recent, so
  // the forms ask no code (an administrator without one may change nothing: the test below).
  const admin = await createAccountWithAuthenticator(page);
  const name = `The axe family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await signInAs(plain, admin, { code: appCode(admin.secret, stepsFromNow(1)) });
  await plain.getByRole('link', { name: `${name} (administrator)` }).click();
  const nav = plain.getByRole('navigation', { name: 'Family or business account' });
  await nav.getByRole('link', { name: 'Family Preferences' }).click();
  await plain.getByLabel('Allow SMS two-factor logins').check();
  await plain.getByRole('button', { name: 'Save preferences' }).click();
  await expect(plain.getByRole('status')).toContainText('SMS two-factor logins are allowed');
  await nav.getByRole('link', { name: 'Buy SMS Credits' }).click();
  await plain.getByLabel(/^500 SMS credits/).check();
  await plain.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(plain.getByRole('status')).toContainText('500 credits added. The balance is now 500.');
  await noScript.close();
  expect((await organisationNamed(name)).creditBalance).toBe(500);

  await signInAs(page, admin, { code: admin.backupCodes[0] as string });
  for (const [path, heading] of [
    ['/org', name],
    ['/org/preferences', 'Family Preferences'],
    ['/org/credits', 'Buy SMS Credits'],
    ['/org/history', 'SMS credit history'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.flatMap((violation) => violation.nodes.map((node) => `${path}: ${violation.id}: ${node.target.join(' ')}`))).toEqual([]);
  }
});

test('an administrator without a second factor is told to set one up, and /org shows it no forms, with JavaScript on and off', async ({ page, browser }) => {
  // The console may appoint one before it has a factor; it enrols before it acts.
  const admin = await createAccount();
  const name = `The unenrolled family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await signInAs(page, admin);
  await page.goto('/org');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Set up two-factor authentication on Account Security to manage this family or business account.');
  await expect(page.getByRole('button', { name: 'Invite member' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Family Preferences' })).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`))).toEqual([]);
  // Its forms' pages send it back to the sentence.
  await page.goto('/org/preferences');
  await expect(page).toHaveURL(/\/org$/);

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  try {
    const plain = await noScript.newPage();
    await signInAs(plain, admin);
    await plain.goto('/org');
    await expect(plain.getByRole('status')).toContainText('Set up two-factor authentication on Account Security');
    expect(await axeViolationsWithoutScripts(plain, browser)).toEqual([]);
  } finally {
    await noScript.close();
  }
});

// Issue 17: membership is an invitation the mailbox accepts; nothing about it is shown before then.
test('an administrator invites a mailbox, which signs in, sees the invitation on its security page, accepts and appears among the members', async ({ page }) => {
  const admin = await createAccountWithAuthenticator(page);
  const member = await createAccount();
  const name = `The invited family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);

  await signInAs(page, admin, { code: appCode(admin.secret, stepsFromNow(1)) });
  await page.goto('/org');
  // One answer for a mailbox that can join and for an address that is no mailbox at all.
  const nobody = `nobody-${randomUUID().slice(0, 8)}@example.test`;
  for (const email of [member.email, nobody]) {
    await page.getByLabel('Mailbox address').fill(email);
    await page.getByRole('button', { name: 'Invite member' }).click();
    await expect(page.getByRole('status')).toHaveText(`${email}: if that mailbox can join, it has been invited.`);
  }
  const invitations = page.getByRole('list', { name: 'Invitations' });
  await expect(invitations).toContainText(member.email);
  await expect(invitations).toContainText(nobody);
  await expect(page.getByRole('list', { name: 'Members' })).not.toContainText(member.email);

  // The e-mail's link shows nothing to another signed-in mailbox (here the administrator).
  const link = /\/org\/invitation\?token=[A-Za-z0-9_-]+/.exec(await readOutbox(page, member.email, 'EMAIL'))?.[0];
  expect(link).toBeTruthy();
  await page.goto(link as string);
  await expect(page.getByRole('alert').filter({ hasText: 'This invitation is not open to your mailbox' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Accept and join ${name}` })).toHaveCount(0);
  await signOut(page);

  // The mailbox signs in: the notice waits on Account Security, and passes axe.
  await signInAs(page, member);
  await expect(page.getByRole('heading', { name: 'An invitation to a family or business account' })).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`))).toEqual([]);
  await page.getByRole('button', { name: `Accept and join ${name}` }).click();
  await expect(page).toHaveURL(/\/org$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('Your mailbox is a member of this family account.')).toBeVisible();
  // The link was single-use.
  await page.goto(link as string);
  await expect(page.getByRole('alert').filter({ hasText: 'This invitation is not open to your mailbox' })).toBeVisible();
  await signOut(page);

  await signInAs(page, admin, { code: admin.backupCodes[0] as string });
  await page.goto('/org');
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(member.email);
  await expect(page.getByRole('list', { name: 'Invitations' })).not.toContainText(member.email);
  await expect(page.getByRole('list', { name: 'Invitations' })).toContainText(nobody);
});
