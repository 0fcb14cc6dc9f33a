import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { prisma } from '@/lib/db/prisma';
import { connect } from './seed';
import { appCode, createAccount, createAccountWithAuthenticator, gatehouse, signInAs, signInWithApp, signOut } from './support';
import { axeViolations, axeViolationsWithoutScripts } from './axe';

// Issue 20: a mailbox founds its own family or business account from Account Security and runs
// it: invitations, a business's billing contact (credits and history, nothing else), and the
// administrator's recent second factor before changes that widen spending or members' security.

async function createFromSecurityPage(page: Page, { name, kind }: { name: string; kind: 'Family' | 'Business' }) {
  const section = page.getByRole('region', { name: 'Family or business account' });
  await section.getByLabel('Name').fill(name);
  await section.getByLabel(new RegExp(`^${kind}:`)).check();
  await section.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/org\?notice=created$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

async function acceptInvitation(page: Page, name: string) {
  await expect(page.getByRole('heading', { name: 'An invitation to a family or business account' })).toBeVisible();
  await page.getByRole('button', { name: `Accept and join ${name}` }).click();
  await expect(page).toHaveURL(/\/org$/);
}

test('a mailbox creates a family account from Account Security, invites a second mailbox which accepts', async ({ page }) => {
  const owner = await signInWithApp(page);
  const member = await createAccount();
  const name = `The web family ${randomUUID().slice(0, 6)}`;

  await expect(page.getByRole('heading', { name: 'Family or business account' })).toBeVisible();
  expect(await axeViolations(page, '/settings/security')).toEqual([]);
  // A bad name is refused with the field's message; nothing is created.
  await page.getByRole('region', { name: 'Family or business account' }).getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Give the account a name, such as "The Smiths".')).toBeVisible();

  await createFromSecurityPage(page, { name, kind: 'Family' });
  await expect(page.getByRole('status')).toContainText('You are its administrator');
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(`${owner.email}Administrator`);
  // A family has no billing role.
  await expect(page.getByLabel('Role').locator('option')).toHaveText(['Member', 'Administrator (manages members and credits)']);
  expect(await axeViolations(page, '/org')).toEqual([]);

  await page.getByLabel('Mailbox address').fill(member.email);
  await page.getByRole('button', { name: 'Invite member' }).click();
  await expect(page.getByRole('status').filter({ hasText: member.email })).toHaveText(`${member.email}: if that mailbox can join, it has been invited.`);
  await expect(page.getByRole('list', { name: 'Invitations' })).toContainText(member.email);

  // Back on Account Security the section is gone: the mailbox belongs to an account now.
  await page.goto('/settings/security');
  await expect(page.getByRole('link', { name: `${name} (administrator)` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Family or business account' })).toHaveCount(0);
  await signOut(page);

  await signInAs(page, member);
  await acceptInvitation(page, name);
  await expect(page.getByText('Your mailbox is a member of this family account.')).toBeVisible();
  await signOut(page);

  // Its app's next code was spent signing in: a backup code now.
  await signInAs(page, owner, { code: owner.backupCodes[0] });
  await page.goto('/org');
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(member.email);
});

test('a business administrator invites a billing contact, who buys credits and reads the history and nothing else', async ({ page }) => {
  const owner = await signInWithApp(page);
  const billing = await createAccountWithAuthenticator(page);
  const name = `The web business ${randomUUID().slice(0, 6)}`;
  await createFromSecurityPage(page, { name, kind: 'Business' });

  await page.getByLabel('Mailbox address').fill(billing.email);
  await page.getByLabel('Role').selectOption('BILLING');
  await page.getByRole('button', { name: 'Invite member' }).click();
  await expect(page.getByRole('status').filter({ hasText: billing.email })).toHaveText(`${billing.email}: if that mailbox can join, it has been invited.`);
  await expect(page.getByRole('list', { name: 'Invitations' })).toContainText('as a billing contact');
  // SMS logins on: there is something to buy.
  await page.goto('/org/preferences');
  await page.getByLabel('Allow SMS two-factor logins').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status')).toContainText('SMS two-factor logins are allowed');
  await signOut(page);

  await signInAs(page, billing, { code: appCode(billing.secret) });
  await acceptInvitation(page, name);
  await expect(page.getByText('you are a billing contact')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByLabel('Mailbox address')).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Family or business account' });
  await expect(nav.getByRole('link', { name: 'Business Preferences' })).toHaveCount(0);
  expect(await axeViolations(page, '/org (billing)')).toEqual([]);

  await nav.getByRole('link', { name: 'Buy SMS Credits' }).click();
  await page.getByLabel(/^100 SMS credits/).check();
  await page.getByRole('button', { name: 'Test purchase (no payment)' }).click();
  await expect(page.getByRole('status')).toContainText('100 credits added. The balance is now 100.');

  await nav.getByRole('link', { name: 'Credit history' }).click();
  await expect(page.getByRole('heading', { name: 'SMS credit history', level: 1 })).toBeVisible();
  await expect(page.locator('body')).toContainText(billing.email);
  expect(await axeViolations(page, '/org/history (billing)')).toEqual([]);
  const csv = await page.request.get('/org/history.csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('Purchase');
  // The preferences are not there for a billing contact.
  const preferences = await page.goto('/org/preferences');
  expect(preferences?.status()).toBe(404);
  await signOut(page);

  // The administrator sees the billing contact's role, and may make it a member again.
  await signInAs(page, owner, { code: owner.backupCodes[0] });
  await page.goto('/org');
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(`${billing.email}Billing`);
  await page.getByRole('button', { name: `Make ${billing.email} a member` }).click();
  await expect(page.getByRole('list', { name: 'Members' })).toContainText(`${billing.email}Member`);
});

test('without a recent second factor, /org asks for a code before making someone an administrator; axe and the forms without JavaScript', async ({ page, browser }) => {
  const owner = await signInWithApp(page);
  // Made an administrator below, so it has a second factor of its own (a password-only mailbox is
  // refused a trusted role).
  const member = await createAccountWithAuthenticator(page);
  const name = `The stale family ${randomUUID().slice(0, 6)}`;

  // Created without JavaScript.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await signInAs(plain, owner, { code: owner.backupCodes[0] });
  expect(await axeViolationsWithoutScripts(plain, browser, '/settings/security (no JavaScript)')).toEqual([]);
  await createFromSecurityPage(plain, { name, kind: 'Family' });
  expect(await axeViolationsWithoutScripts(plain, browser, '/org (no JavaScript)')).toEqual([]);
  const { id: organisationId } = (JSON.parse(await gatehouse('org', 'list', '--json')) as Array<{ id: string; name: string }>).find(
    (organisation) => organisation.name === name,
  ) as { id: string };
  await gatehouse('org', 'add-member', '--org', organisationId, '--email', member.email);

  // The owner's sessions proved their second factor long ago.
  await connect();
  const { id: ownerId } = await prisma.user.findUniqueOrThrow({ where: { email: owner.email }, select: { id: true } });
  await prisma.session.updateMany({ where: { userId: ownerId }, data: { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) } });

  await plain.goto('/org');
  const promote = plain.locator('form').filter({ has: plain.getByRole('button', { name: `Make ${member.email} an administrator` }) });
  await promote.getByRole('button').click();
  await expect(plain.getByText('To confirm it is you, enter a current code.').first()).toBeVisible();
  await expect(plain.getByRole('list', { name: 'Members' })).toContainText(`${member.email}Member`);
  expect(await axeViolationsWithoutScripts(plain, browser, '/org asking for a code (no JavaScript)')).toEqual([]);
  const asking = plain.locator('form').filter({ has: plain.getByRole('button', { name: `Make ${member.email} an administrator` }) });
  await asking.getByLabel('Token').fill(owner.backupCodes[1] as string);
  await asking.getByRole('button').click();
  await expect(plain.getByRole('list', { name: 'Members' })).toContainText(`${member.email}Administrator`);
  await noScript.close();

  // With JavaScript, the buying page offers the Token field up front and passes axe.
  await prisma.session.updateMany({ where: { userId: ownerId }, data: { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) } });
  await page.goto('/org/preferences');
  await expect(page.getByLabel('Token')).toBeVisible();
  expect(await axeViolations(page, '/org/preferences asking for a code')).toEqual([]);
});
