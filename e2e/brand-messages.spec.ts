import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { readCode, readOutbox, requestPhoneCode } from './messages';
import { appCode, createMailbox, gatehouse, signIn, signInWithApp } from './support';

// The brand in every message: an Acme Mail mailbox's authenticator entry, e-mails and texts carry
// Acme Mail's name, and leave from Acme Mail's own senders. Acme is made for each test (its own
// slug and domain), named as the demo brand is.

async function acmeMail({ senders = true }: { senders?: boolean } = {}) {
  const slug = `acme-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  // No two brands share a sender ID, so each test's Acme has one of its own ("Acme Kqwzrt").
  const smsSender = `Acme ${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
  await gatehouse('brand', 'create', '--name', 'Acme Mail', '--slug', slug, '--domain', domain, '--support', `help@${domain}`);
  if (senders) await gatehouse('brand', 'set', slug, '--email-from', `security@${domain}`, '--sms-sender', smsSender);
  return { slug, domain, smsSender };
}

/** A French mobile number no other test uses (France accepts alphanumeric sender IDs). */
function frenchMobile(): { national: string; e164: string } {
  const digits = String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0');
  return { national: `06${digits}`, e164: `+336${digits}` };
}

test('an Acme Mail mailbox enrols under “Acme Mail”, and its e-mails and texts come from Acme Mail', async ({ page }) => {
  const acme = await acmeMail();
  const mailbox = await createMailbox({ domain: acme.domain });
  await signIn(page, mailbox);
  // The password hash takes its time on a busy machine.
  await expect(page).toHaveURL(/\/settings\/security$/, { timeout: 20_000 });

  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page).toHaveURL(/\/settings\/security\/two-factor$/);
  // What the QR code's label says, and what to name the entry when typing the key.
  await expect(page.getByText(`Your app lists it as Acme Mail (${mailbox.email}).`)).toBeVisible();
  await expect(page.getByText(/name it Acme Mail, use .* as the account name/)).toBeVisible();
  const secret = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Token').fill(appCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup codes' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'acme-mail-backup-codes.txt');
  expect(decodeURIComponent((await page.getByRole('link', { name: 'Download' }).getAttribute('href')) ?? '')).toContain(
    `Acme Mail backup codes for ${mailbox.email}`,
  );

  // The notice that two-factor authentication is on: Acme Mail's subject, sender, support and sign-off.
  const notice = await readOutbox(page, mailbox.email, 'EMAIL');
  expect(notice).toContain(`from Acme Mail <security@${acme.domain}>`);
  expect(notice).toContain('Acme Mail: Two-factor authentication is now on');
  expect(notice).toContain(`Acme Mail support (help@${acme.domain})`);
  expect(notice).toContain('— Acme Mail');
  expect(notice).not.toContain('Gatehouse');

  // A backup phone's first code, texted in Acme Mail's name from its sender ID.
  await page.getByRole('link', { name: 'I have saved my codes' }).click();
  const phone = frenchMobile();
  await requestPhoneCode(page, { country: 'FR', number: phone.national, method: 'Text message' });
  const text = await readOutbox(page, phone.e164, 'SMS');
  expect(text).toContain(`from ${acme.smsSender}`);
  expect(text).toMatch(/Your Acme Mail code is \d{6}\. It expires in 10 minutes\. Do not share it: Acme Mail will never ask you for it\./);
  await page.getByLabel('Token').fill(await readCode(page, phone.e164, 'SMS'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup phones' })).toBeVisible();
});

test('a brand administrator sets the brand’s senders on its screen; an address outside its domains is refused on the field', async ({ page, browser }) => {
  const acme = await acmeMail({ senders: false });
  const admin = await createMailbox({ domain: acme.domain, role: 'brand-admin', brand: acme.slug });
  await signInWithApp(page, admin);
  await page.goto(`/admin/brands/${acme.slug}`);
  const senders = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save senders' }) });
  await expect(senders).toContainText("The brand's e-mails now come from Acme Mail <security@gatehouse.localhost>.");

  await senders.getByLabel('E-mail sender address').fill('security@globex.example');
  await senders.getByRole('button', { name: 'Save senders' }).click();
  await expect(senders.getByText(`Use an address at one of the brand's mail domains (${acme.domain}).`)).toBeVisible();

  await senders.getByLabel('E-mail sender address').fill(`security@${acme.domain}`);
  await senders.getByLabel('SMS sender').fill(acme.smsSender);
  await senders.getByRole('button', { name: 'Save senders' }).click();
  await expect(senders.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByText(`Acme Mail <security@${acme.domain}>`)).toBeVisible();
  expect(await gatehouse('brand', 'show', acme.slug)).toContain(`E-mails from: Acme Mail <security@${acme.domain}>\nSMS sender: ${acme.smsSender}`);
  await expectNoAxeViolations(page, browser);
});
