import { createHmac, hkdfSync } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';
import { clientKey } from './client-key';
import type { ThrottleKeys } from './failure-throttle';

// Every throttle key is built here, so the verbs that count failures and the unlock that clears
// them can never disagree about a name. Keys are rows of the rate_limits table: they name
// accounts by id, and addresses (which must be throttled before any account is known) by a keyed
// hash, so the table leaks no e-mail address or phone number. Client addresses are counted by
// `clientKey` (an IPv6 client by its network), here and in every other per-address limit.

let hashingKey: Buffer | null = null;

/** A keyed hash of an address or number: stable for the server's secret, useless without it. */
export function keyedHash(value: string): string {
  hashingKey ??= Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'rate-limit keys', 32));
  return createHmac('sha256', hashingKey).update(value.trim().toLowerCase()).digest('base64url').slice(0, 32);
}

/** Wrong passwords, per address typed (known account or not) and per client address. */
export function passwordThrottle({ email, ip }: { email: string; ip: string }): ThrottleKeys {
  return { account: passwordAccountKey(email), ip: `password:${clientKey(ip)}` };
}

/** The key that counts an address's wrong passwords at the web sign-in. */
export function passwordAccountKey(email: string): string {
  return `password:${keyedHash(email)}`;
}

/**
 * Wrong passwords offered by mail clients (IMAP, POP3, SMTP submission through Dovecot), per
 * mailbox typed and per mail client's address. Keys of their own: a brute force over IMAP locks
 * mail logins, never the web sign-in, and the web's failures never lock a phone's mail app.
 */
export function mailLoginThrottle({ email, ip }: { email: string; ip: string }): ThrottleKeys {
  return { account: mailLoginAccountKey(email), ip: `mail:${clientKey(ip)}` };
}

/** The key that counts a mailbox's wrong passwords from mail clients. */
export function mailLoginAccountKey(email: string): string {
  return `mail:${keyedHash(email)}`;
}

/** Wrong codes of one kind at the token prompt and in re-authentication (`kind`: the kind's `check`). */
export function verifyThrottle({ kind, userId, ip }: { kind: string; userId: string; ip: string }): ThrottleKeys {
  return { account: `${kind}:${userId}`, ip: `second-factor:${clientKey(ip)}` };
}

/** Wrong codes while adding a factor: the wizard's first code, a new phone's or address's code. */
export function enrolThrottle({ kind, userId, ip }: { kind: string; userId: string; ip: string }): ThrottleKeys {
  return { account: `${kind}:${userId}`, ip: kind === 'totp-enrol' ? `second-factor:${clientKey(ip)}` : `verify:${clientKey(ip)}` };
}

/** The hourly send allowance of one phone number or address. */
export function destinationKey(destination: string): string {
  return keyedHash(destination);
}
