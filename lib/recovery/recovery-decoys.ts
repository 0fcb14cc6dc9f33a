import { createHmac, hkdfSync } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';
import { maskEmail, maskPhoneNumber } from '@/lib/core/mask';
import type { RecoveryDestination } from './read-recovery-account';

// What "Forgot password?" shows for an address that is no mailbox, or a mailbox with nowhere to
// send a code: destinations that look like a real mailbox's, derived from the address under a
// key the database does not hold. Asking twice shows the same page (a random answer would tell
// the two cases apart), and nothing is ever sent to them.

const MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'gmx.net', 'hotmail.com', 'aol.com'];
const LETTERS = 'abcdefghijklmnoprstw';
// Area codes of the US and mobile prefixes of the UK: what most backup phones here look like.
const PHONE_PREFIXES = ['1212', '1415', '1646', '1312', '1617', '1206', '1303', '1202', '447'];

let decoyKey: Buffer | null = null;

function decoyBytes(email: string): Buffer {
  decoyKey ??= Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'recovery decoys', 32));
  return createHmac('sha256', decoyKey).update(email.trim().toLowerCase()).digest();
}

/** An entry of `list` picked by one byte of the address's HMAC. */
function pick(list: string, byte: number): string;
function pick(list: readonly string[], byte: number): string;
function pick(list: string | readonly string[], byte: number): string {
  return list[byte % list.length] ?? '';
}

export function decoyDestinations(email: string): RecoveryDestination[] {
  const bytes = [...decoyBytes(email)];
  const byte = (index: number) => bytes[index] ?? 0;
  const address = `${pick(LETTERS, byte(0))}x@${pick(MAIL_DOMAINS, byte(1))}`;
  const prefix = pick(PHONE_PREFIXES, byte(2));
  const digits = bytes.slice(3, 13).map((value) => String(value % 10)).join('');
  const number = `+${prefix}${digits}`.slice(0, prefix.startsWith('44') ? 13 : 12);
  // Most mailboxes that recover have an alternate address; some a phone as well, a few only a phone.
  const shape = byte(13) % 8;
  const alternate = { key: 'email', channel: 'EMAIL', masked: maskEmail(address), to: null } as const;
  const phone = { key: 'phone-1', channel: 'SMS', masked: maskPhoneNumber(number), to: null } as const;
  if (shape < 4) return [alternate];
  if (shape < 7) return [alternate, phone];
  return [phone];
}
