import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { appCode, createMailbox, gatehouse, signIn } from './support';

/** A brand of its own for one test that requires two-factor authentication with `days` to enrol. */
function requiringBrand(days: number) {
  const slug = `e2e-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', domain);
  gatehouse('brand', 'set', slug, '--require-2fa', 'on', '--enrolment-days', String(days));
  return { slug, domain };
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

test('a required second factor sends a mailbox without one into the wizard; "Set up later" works during the period', async ({ page }) => {
  const brand = requiringBrand(14);
  const account = createMailbox({ domain: brand.domain });

  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText('14 days left');
  // The pending login opens nothing else: every protected page sends it back to the wizard.
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await page.getByRole('button', { name: 'Set up later' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText('MFA status: Off')).toBeVisible();
  await signOut(page);

  // Next time: the wizard again, the same period (never renewed), and this time the app is set up.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText(/1[34] days left/);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Token').fill(appCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible();
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await expect(page).toHaveURL(/\/settings\/security/);
  await expect(page.getByText('MFA status: On')).toBeVisible();
  await expect(page.getByText(/requires two-factor authentication, so it cannot be turned off/)).toBeVisible();
  await signOut(page);

  // From now on the token prompt, not the wizard.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token/);
});

test('after the enrolment period there is no way in without enrolling', async ({ page }) => {
  const brand = requiringBrand(0);
  await signIn(page, createMailbox({ domain: brand.domain }));
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText('has run out');
  await expect(page.getByRole('button', { name: 'Set up later' })).toHaveCount(0);
  for (const path of ['/settings/security', '/settings/security/phones/new', '/sign-in/token']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  }
});
