import { expect, test } from '@playwright/test';
import { addPhone, countOutbox, readCode, readOutbox, requestPhoneCode, uniqueUsNumber } from './messages';
import { signInWithApp } from './support';

test('a backup phone is added by text message, confirmed with the code from the outbox', async ({ page }) => {
  const account = await signInWithApp(page);
  const phone = uniqueUsNumber();
  await page.getByRole('link', { name: 'Add Phone Number' }).click();
  await requestPhoneCode(page, { country: 'US', number: phone.national, method: 'Text message' });
  await expect(page.getByRole('status')).toContainText(`sent a text message to ${phone.masked}`);
  await page.getByLabel('Token').fill(await readCode(page, phone.e164, 'SMS'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/settings\/security\?notice=phone-added$/);
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText(phone.masked);
  expect(await readOutbox(page, account.email, 'EMAIL')).toContain(`The backup phone ${phone.masked} was added`);
});

test('a backup phone is added by phone call: the script asks for a key, then reads the digits twice', async ({ page }) => {
  await signInWithApp(page);
  const phone = uniqueUsNumber();
  await requestPhoneCode(page, { country: 'US', number: phone.national, method: 'Phone call' });
  await expect(page.getByRole('status')).toContainText(`calling ${phone.masked}`);
  const script = await readOutbox(page, phone.e164, 'VOICE');
  expect(script).toContain('Press any key to hear it.');
  expect(script.indexOf('Press any key')).toBeLessThan(script.indexOf('Your Gatehouse code is'));
  const spoken = script.match(/code is: (\d(?:, \d){5})/)?.[1] as string;
  expect(script.split(spoken)).toHaveLength(3);
  await page.getByLabel('Token').fill(await readCode(page, phone.e164, 'VOICE'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText(phone.masked);
});

test('an impossible number gets a clear message and nothing is sent', async ({ page }) => {
  await signInWithApp(page);
  await requestPhoneCode(page, { country: 'US', number: '(000) 000-0000', method: 'Text message' });
  await expect(page.getByLabel('Phone number')).toHaveAccessibleDescription(/not a valid phone number/);
  await expect(page.getByLabel('Phone number')).toHaveValue('(000) 000-0000');
});

test('a number outside the allowed countries is not offered, is refused when typed with its code, and nothing is sent', async ({ page }) => {
  await signInWithApp(page);
  await page.goto('/settings/security/phones/new');
  await expect(page.getByLabel('Country', { exact: true }).locator('option[value="NG"]')).toHaveCount(0);
  // A number typed with its own country code wins over the picked country: still refused.
  await requestPhoneCode(page, { country: 'US', number: '+234 803 123 4567', method: 'Text message' });
  await expect(page.locator('form').getByRole('alert')).toHaveText(/cannot send texts or calls to numbers in that country/);
  expect(await countOutbox(page, '+2348031234567')).toBe(0);
});

test('sends beyond the per-number limit are refused, say why, and send nothing', async ({ page }) => {
  await signInWithApp(page);
  const phone = uniqueUsNumber();
  // The test server allows 3 codes per number per hour.
  for (let i = 0; i < 3; i++) {
    await requestPhoneCode(page, { country: 'US', number: phone.national, method: 'Text message' });
    await expect(page.getByRole('status')).toContainText(phone.masked);
  }
  await requestPhoneCode(page, { country: 'US', number: phone.national, method: 'Text message' });
  await expect(page.locator('form').getByRole('alert')).toHaveText(/Too many codes were sent to this number in the last hour\. Nothing was sent\./);
  expect(await countOutbox(page, phone.e164)).toBe(3);
});

test('removing a backup phone takes it off the account and e-mails the owner', async ({ page }) => {
  const account = await signInWithApp(page);
  const phone = uniqueUsNumber();
  await addPhone(page, phone);
  const remove = page.getByRole('form', { name: `Remove ${phone.masked}` });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(page).toHaveURL(/notice=phone-removed$/);
  await expect(page.getByRole('list', { name: 'Backup phones' })).toHaveCount(0);
  expect(await readOutbox(page, account.email, 'EMAIL')).toContain(`The backup phone ${phone.masked} was removed`);
});
