import { createHmac, hkdfSync } from 'node:crypto';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { requireSetting } from '@/lib/config/env';
import { maskEmail, maskPhoneNumber } from '@/lib/core/mask';
import type { RecoveryDestination } from './read-recovery-account';

// What "Forgot password?" shows for an address that is no mailbox, or a mailbox with nowhere to
// send a code: destinations that look like a real mailbox's, derived from the address under a
// key the database does not hold. Asking twice shows the same page (a random answer would tell
// the two cases apart), and nothing is ever sent to them.
//
// They must not be told apart by their shape either, so they are drawn from what a real mailbox
// of the same brand can show: any first character a mask shows (letters and digits), phones only
// where the brand's policy offers texts and only in countries texts may go to, and as many
// options as real mailboxes have (an alternate address and up to two phones).

const MAIL_DOMAINS = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com',
  'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com', 'gmx.net', 'gmx.de',
  'gmx.com', 'web.de', 't-online.de', 'aol.com', 'mail.com', 'zoho.com', 'fastmail.com', 'posteo.de', 'orange.fr',
  'free.fr', 'laposte.net', 'libero.it', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'sky.com',
];
const FIRST_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';
// North American numbers differ by area code (the mask shows its first two digits), not by a
// mobile prefix: a spread of busy ones, so a decoy's +1 number looks like anyone's.
const NANP_AREA_CODES = ['201', '202', '206', '212', '213', '214', '303', '305', '312', '313', '404', '415', '416', '503', '512', '514', '604', '613', '617', '646', '702', '713', '718', '773', '801', '818', '905', '917'];

let decoyKey: Buffer | null = null;

/** As many bytes as asked, derived from the address alone (HMAC in counter mode). */
function decoyBytes(email: string, length: number): number[] {
  decoyKey ??= Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'recovery decoys', 32));
  const address = email.trim().toLowerCase();
  const bytes: number[] = [];
  for (let block = 0; bytes.length < length; block++) bytes.push(...createHmac('sha256', decoyKey).update(`${block}:${address}`).digest());
  return bytes.slice(0, length);
}

function pick<T>(list: string | readonly T[], byte: number): T | string {
  return list[byte % list.length] ?? '';
}

/** What a decoy may look like: the policy of the brand the address belongs to. */
export type DecoyRules = { smsAvailable: boolean; allowedCountries: ReadonlySet<string> };

/** A number of `country` that reads like a mobile of it (its example's prefix), digits from `bytes`. */
function decoyNumber(country: string, bytes: number[]): { number: string; countryCode: string } {
  const callingCode = getCountryCallingCode(country as CountryCode);
  const example = (mobileExamples as Record<string, string | undefined>)[country] ?? '7000000000';
  const digit = (index: number) => String((bytes[index] ?? 0) % 10);
  const national =
    callingCode === '1'
      ? `${pick(NANP_AREA_CODES, bytes[0] ?? 0)}${String(2 + ((bytes[1] ?? 0) % 8))}${[...Array(6).keys()].map((index) => digit(index + 2)).join('')}`
      : `${example[0] ?? '7'}${[...example.slice(1)].map((_, index) => digit(index + 2)).join('')}`;
  return { number: `+${callingCode}${national}`, countryCode: country };
}

export function decoyDestinations(email: string, rules: DecoyRules): RecoveryDestination[] {
  const bytes = decoyBytes(email, 64);
  const byte = (index: number) => bytes[index] ?? 0;
  const address = `${pick(FIRST_CHARACTERS, byte(0))}x@${pick(MAIL_DOMAINS, byte(1))}`;
  const alternate: RecoveryDestination = { key: 'email', channel: 'EMAIL', masked: maskEmail(address), to: null };
  const countries = [...rules.allowedCountries].sort();
  if (!rules.smsAvailable || countries.length === 0) return [alternate];
  const phone = (index: 1 | 2, offset: number): RecoveryDestination => {
    const { number, countryCode } = decoyNumber(String(pick(countries, byte(offset))), bytes.slice(offset + 1, offset + 20));
    return { key: `phone-${index}`, channel: 'SMS', masked: maskPhoneNumber(number), to: null, countryCode };
  };
  // Most mailboxes that recover have an alternate address; some a phone as well, a few two
  // phones, a few only phones.
  const shape = byte(2) % 16;
  if (shape < 8) return [alternate];
  if (shape < 12) return [alternate, phone(1, 10)];
  if (shape < 13) return [alternate, phone(1, 10), phone(2, 35)];
  if (shape < 15) return [phone(1, 10)];
  return [phone(1, 10), phone(2, 35)];
}
