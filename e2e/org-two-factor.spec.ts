import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { prisma } from '@/lib/db/prisma';
import { organisationScope, writePolicyLayer } from '@/lib/policy/policy-layer';
import { readOutbox } from './messages';
import { connect } from './seed';
import { appCode, createAccount, createAccountWithAuthenticator, gatehouse, signIn, signInAs, signInWithApp, signOut, stepsFromNow } from './support';
import { expectNoAxeViolations } from './axe';

// Issue 20: an organisation's administrators require two-factor authentication of their members,
// remind those without it, and reset it for a member who lost their phone; the organisation's
// policy then leads the member through enrolment at its next sign-in.

/** The organisation `name`'s "Require two-factor authentication for members", written to its policy layer. */
async function seedOrganisationRequirement(name: string, enrolmentDays: number): Promise<void> {
  await connect();
  const { id } = await prisma.organisation.findFirstOrThrow({ where: { name }, select: { id: true } });
  const enforceFrom = new Date().toISOString().slice(0, 10);
  await prisma.$transaction((tx) => writePolicyLayer(tx, organisationScope(id), { requireTwoFactor: true, enrolmentDays, enforceFrom }));
}

test('the administrator requires two-factor authentication of members and reminds a member without it, once', async ({ page, browser }) => {
  const member = await createAccount();
  const admin = await signInWithApp(page);
  const name = `The 2FA business ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'business', '--admin', admin.email);
  await gatehouse('org', 'add-member', '--org', name, '--email', member.email);

  await page.goto('/org/preferences');
  await expect(page.getByRole('heading', { name: 'Two-factor authentication for members' })).toBeVisible();
  await page.getByLabel('Require two-factor authentication for members').check();
  await page.getByLabel('Enrolment period (days)').fill('7');
  await page.getByRole('button', { name: 'Save requirement' }).click();
  await expect(page.getByRole('status')).toContainText('Members must set up two-factor authentication within 7 days');
  await expectNoAxeViolations(page, browser, '/org/preferences');

  // The members list: the member's state, and "Remind" once.
  await page.goto('/org');
  const members = page.getByRole('list', { name: 'Members' });
  await expect(members).toContainText(`${member.email}`);
  await expect(members).toContainText('two-factor authentication off');
  await expect(members).toContainText('Its enrolment period starts at its next sign-in');
  await page.getByRole('button', { name: `Remind ${member.email}` }).click();
  await expect(page.getByRole('status')).toContainText(`Reminder sent to ${member.email}.`);
  expect(await readOutbox(page, member.email, 'EMAIL')).toContain(`An administrator of your business account "${name}" asks you to set up two-factor authentication`);
  await page.reload();
  await expect(page.getByRole('button', { name: `Remind ${member.email}` })).toHaveCount(0);
  await expect(members).toContainText('Reminded');
  await expectNoAxeViolations(page, browser, '/org');
});

test('a member without two-factor authentication is taken into the wizard at its next sign-in, which names the organisation that requires it', async ({ page, browser }) => {
  const member = await createAccount();
  const admin = await createAccount();
  const name = `The 2FA family ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'family', '--admin', admin.email);
  await gatehouse('org', 'add-member', '--org', name, '--email', member.email);
  // The requirement as the preferences page leaves it (the test above saves it through the page).
  await seedOrganisationRequirement(name, 7);

  await signIn(page, member);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByText(`${name} requires a second factor for ${member.email}`)).toBeVisible();
  await expect(page.getByRole('status')).toContainText('7 days left');
  await expectNoAxeViolations(page, browser, '/sign-in/enrol');
  // During the period it may postpone, and its security page says who requires it.
  await page.getByRole('button', { name: 'Set up later' }).click();
  await expect(page).toHaveURL(/\/settings\/security/);
  await expect(page.getByText(`Required by ${name}: set it up now.`)).toBeVisible();
});

test('the member loses its phone: the administrator resets its two-factor authentication, and the member sets it up again at its next sign-in', async ({ page, browser }) => {
  const member = await createAccountWithAuthenticator(page);
  const admin = await signInWithApp(page);
  const name = `The reset business ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', name, '--kind', 'business', '--admin', admin.email);
  await gatehouse('org', 'add-member', '--org', name, '--email', member.email);
  await seedOrganisationRequirement(name, 14);

  await page.goto('/org');
  await expect(page.getByRole('list', { name: 'Members' })).toContainText('two-factor authentication on');
  await page.getByText(`Reset two-factor authentication of ${member.email}`).click();
  await expectNoAxeViolations(page, browser, '/org with the reset form open');
  // No reason: refused with the table's sentence, nothing changed.
  await page.getByLabel('Reason').evaluate((field: HTMLTextAreaElement) => field.removeAttribute('required'));
  await page.getByRole('button', { name: `Reset ${member.email}` }).click();
  await expect(page.getByRole('list', { name: 'Members' }).getByRole('alert')).toContainText('Write why you are doing this');
  await page.getByLabel('Reason').fill('Lost phone; called me from the office line');
  await page.getByRole('button', { name: `Reset ${member.email}` }).click();
  await expect(page.getByRole('status')).toContainText(`Two-factor authentication of ${member.email} is off`);
  expect(await readOutbox(page, member.email, 'EMAIL')).toContain('Your administrator turned off two-factor authentication');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Members' })).toContainText('two-factor authentication off');
  await signOut(page);

  // The member's old factors are gone: the password leads into the wizard, as the organisation requires.
  await signIn(page, member);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByText(`${name} requires a second factor for ${member.email}`)).toBeVisible();
});

test('a forged reset of another organisation\u2019s member is refused and changes nothing', async ({ page }) => {
  const victim = await createAccountWithAuthenticator(page);
  const owner = await createAccount();
  const victimOrganisation = `The victims ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', victimOrganisation, '--kind', 'business', '--admin', owner.email);
  await gatehouse('org', 'add-member', '--org', victimOrganisation, '--email', victim.email);

  const attacker = await createAccountWithAuthenticator(page);
  const colleague = await createAccountWithAuthenticator(page);
  const attackerOrganisation = `The attackers ${randomUUID().slice(0, 6)}`;
  await gatehouse('org', 'create', '--name', attackerOrganisation, '--kind', 'business', '--admin', attacker.email);
  await gatehouse('org', 'add-member', '--org', attackerOrganisation, '--email', colleague.email);
  await signInAs(page, attacker, { code: appCode(attacker.secret, stepsFromNow(1)) });
  await page.goto('/org');
  await page.getByText(`Reset two-factor authentication of ${colleague.email}`).click();
  // The attacker's own form, posted with the victim's id.
  await connect();
  const { id: victimId } = await prisma.user.findUniqueOrThrow({ where: { email: victim.email }, select: { id: true } });
  await page.locator('form').filter({ hasText: 'Reason' }).locator('input[name="userId"]').evaluate((input: HTMLInputElement, id: string) => {
    input.value = id;
  }, victimId);
  await page.getByLabel('Reason').fill('forged');
  await page.getByRole('button', { name: `Reset ${colleague.email}` }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('You are not allowed to do that.');
  // The victim signs in as before: its authenticator is still asked for.
  await signOut(page);
  await signIn(page, victim);
  await expect(page).toHaveURL(/\/sign-in\/token$/);
});
