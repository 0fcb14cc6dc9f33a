import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createMailbox, enrolAtSignIn, gatehouse, signIn, signOut } from './support';

/** A brand of its own for one test that requires two-factor authentication with `days` to enrol. */
async function requiringBrand(days: number) {
  const slug = `e2e-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', domain);
  await gatehouse('brand', 'set', slug, '--require-2fa', 'on', '--enrolment-days', String(days));
  return { slug, domain };
}

test('a required second factor sends a mailbox without one into the wizard; "Set up later" works during the period', async ({ page }) => {
  const brand = await requiringBrand(14);
  const account = await createMailbox({ domain: brand.domain });

  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText('14 days left');
  // The pending login opens nothing else: every protected page sends it back to the wizard.
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await page.getByRole('button', { name: 'Set up later' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText('MFA status: Off')).toBeVisible();
  await signOut(page, { here: true });

  // Next time: the wizard again, the same period (never renewed), and this time the app is set up.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText(/1[34] days left/);
  await enrolAtSignIn(page);
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  await expect(page).toHaveURL(/\/settings\/security/);
  await expect(page.getByText('MFA status: On')).toBeVisible();
  await expect(page.getByText(/requires two-factor authentication, so it cannot be turned off/)).toBeVisible();
  await signOut(page, { here: true });

  // From now on the token prompt, not the wizard.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token/);
});

test('after the enrolment period there is no way in without enrolling', async ({ page }) => {
  const brand = await requiringBrand(0);
  await signIn(page, await createMailbox({ domain: brand.domain }));
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  await expect(page.getByRole('status')).toContainText('has run out');
  await expect(page.getByRole('button', { name: 'Set up later' })).toHaveCount(0);
  for (const path of ['/settings/security', '/settings/security/phones/new', '/sign-in/token']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  }
});

test('the enrolment wizard at sign-in wears the account’s brand, in the frame the token prompt uses', async ({ page }) => {
  const brand = await requiringBrand(14);
  await signIn(page, await createMailbox({ domain: brand.domain }));
  await expect(page).toHaveURL(/\/sign-in\/enrol$/);
  const prompt = page.locator('.gh-prompt');
  await expect(prompt.locator('.gh-prompt-header')).toContainText(`Brand ${brand.slug}`);
  await expect(prompt.locator('.gh-prompt-title')).toHaveText('Set up two-factor authentication');
  await expect(prompt.locator('.gh-prompt-body').getByRole('button', { name: 'Set up an authenticator app' })).toHaveClass(/gh-prompt-button/);
});

// Issue 17: a mailbox that has a second factor has met the requirement. When its challenge policy
// spares the code at a place it entered one before, it is signed in there, during the enrolment
// period and after it, never sent to the wizard.
for (const [policy, label, firstPlace, samePlace] of [
  ['new-country', 'Only from a new country', '8.8.8.8', '8.8.4.4'],
  ['new-ip', 'Only from a new IP address', '194.25.0.1', '194.25.0.1'],
] as const) {
  test(`under "${label}", a mailbox with a second factor signs in again from the same place without the wizard, after the enrolment period too`, async ({
    page,
  }) => {
    const brand = await requiringBrand(0);
    const account = await createMailbox({ domain: brand.domain });
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': firstPlace });
    await signIn(page, account);
    await expect(page).toHaveURL(/\/sign-in\/enrol$/);
    await enrolAtSignIn(page);
    await page.getByRole('link', { name: 'I have saved my codes' }).click();
    await expect(page).toHaveURL(/\/settings\/security/);
    await gatehouse('support', 'challenge', '--email', account.email, '--policy', policy, '--reason', 'The user asked for it (e2e)');
    await signOut(page, { here: true });

    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': samePlace });
    await signIn(page, account);
    await expect(page).toHaveURL(/\/settings\/security$/);
    await expect(page.getByText('MFA status: On')).toBeVisible();
    await signOut(page, { here: true });

    // Elsewhere the code is asked, on the token prompt.
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '133.11.0.1' });
    await signIn(page, account);
    await expect(page).toHaveURL(/\/sign-in\/token/);
  });
}
