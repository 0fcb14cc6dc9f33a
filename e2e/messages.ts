import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import pg from 'pg';
import type { Channel } from '../lib/db/generated/enums';

// Real US area codes; 555-0100 to 555-0199 in each is set aside for fiction.
const AREA_CODES = ['415', '212', '312', '617', '206', '303', '404', '512', '602', '702', '713', '305', '503', '612', '614', '615', '704', '718', '801', '919'];

/**
 * A valid US number no other test of this run uses, so per-number send limits never leak from
 * one test into another. Each number is claimed with a file of its own in the run's temporary
 * folder, created only if it does not exist yet, so two workers never take the same one.
 */
export function uniqueUsNumber(): { national: string; e164: string; masked: string } {
  const folder = path.join(path.dirname(process.env.GATEHOUSE_E2E_DATA_DIR as string), 'phone-numbers-used');
  mkdirSync(folder, { recursive: true });
  let used = readdirSync(folder).length;
  for (;; used++) {
    try {
      writeFileSync(path.join(folder, String(used)), '', { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const area = AREA_CODES[Math.floor(used / 100) % AREA_CODES.length] as string;
  const last = String(used % 100).padStart(2, '0');
  return { national: `(${area}) 555-01${last}`, e164: `+1${area}55501${last}`, masked: `+1${area.slice(0, 2)}••••••${last}` };
}

/**
 * The development outbox in a browser context of its own: straight to localhost, without the
 * headers (X-Forwarded-For, a brand's host name) the test's own context may carry to stand for a
 * proxy, since the outbox refuses any request that came through one. The page under test keeps
 * its state.
 */
async function withOutbox<T>(page: Page, read: (outbox: Page) => Promise<T>): Promise<T> {
  const browser = page.context().browser();
  if (!browser) throw new Error('The outbox is read from a browser page.');
  const context = await browser.newContext({ baseURL });
  try {
    const outbox = await context.newPage();
    await outbox.goto('/dev/outbox');
    await expect(outbox.getByRole('heading', { name: 'Development outbox' })).toBeVisible();
    return await read(outbox);
  } finally {
    await context.close();
  }
}

/** Reads the newest message to `to` from the development outbox page, as a person would. */
export async function readOutbox(page: Page, to: string, channel: Channel): Promise<string> {
  return withOutbox(page, async (outbox) => {
    const message = outbox.getByRole('article', { name: `${channel} to ${to}` }).first();
    await expect(message).toBeVisible();
    return (await message.textContent()) ?? '';
  });
}

/** The code in the newest text, call script or e-mail to `to`. */
export async function readCode(page: Page, to: string, channel: Channel): Promise<string> {
  const text = await readOutbox(page, to, channel);
  // A call reads the digits one by one ("1, 2, 3, 4, 5, 6"); texts and e-mails carry them whole.
  const spoken = text.match(/code is: (\d(?:, \d){5})/);
  const code = spoken ? (spoken[1] as string).replace(/, /g, '') : text.match(/code is (\d{6})/)?.[1];
  expect(code, `a code in the ${channel} to ${to}`).toMatch(/^\d{6}$/);
  return code as string;
}

/** How many messages the outbox holds for `to` (to prove a refused send sent nothing). */
export async function countOutbox(page: Page, to: string): Promise<number> {
  return withOutbox(page, (outbox) => outbox.getByRole('article', { name: new RegExp(` to ${to.replace(/\+/g, '\\+')}$`) }).count());
}

/**
 * Test-only: moves the expiry of every live code of `email` into the past, standing in for ten
 * minutes of waiting. Talks to the test database the server runs on.
 */
export async function expireCodesOf(email: string): Promise<void> {
  const dataDir = process.env.GATEHOUSE_E2E_DATA_DIR as string;
  const port = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3];
  const client = new pg.Client({ connectionString: `postgresql://gatehouse:gatehouse@127.0.0.1:${port}/gatehouse` });
  await client.connect();
  try {
    await client.query(
      `UPDATE "OneTimeCode" SET "expiresAt" = now() - interval '1 minute'
       WHERE "consumedAt" IS NULL AND "userId" = (SELECT id FROM "User" WHERE email = $1)`,
      [email],
    );
  } finally {
    await client.end();
  }
}

/** The first step of "Add Phone Number": country, number, how to send, "Send code". */
export async function requestPhoneCode(
  page: Page,
  { country, number, method }: { country: string; number: string; method: 'Text message' | 'Phone call' },
) {
  await page.goto('/settings/security/phones/new');
  await page.getByLabel('Country', { exact: true }).selectOption(country);
  await page.getByLabel('Phone number').fill(number);
  await page.getByLabel(method).check();
  await page.getByRole('button', { name: 'Send code' }).click();
}

/** Adds and confirms a backup phone as a person would, reading the code from the outbox. */
export async function addPhone(page: Page, phone: { national: string; e164: string; masked: string }, method: 'Text message' | 'Phone call' = 'Text message') {
  await requestPhoneCode(page, { country: 'US', number: phone.national, method });
  await expect(page.getByRole('status')).toContainText(phone.masked);
  await page.getByLabel('Token').fill(await readCode(page, phone.e164, method === 'Text message' ? 'SMS' : 'VOICE'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('list', { name: 'Backup phones' })).toContainText(phone.masked);
}
