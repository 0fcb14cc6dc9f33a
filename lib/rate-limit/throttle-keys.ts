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

function passwordAccountKey(email: string): string {
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

function mailLoginAccountKey(email: string): string {
  return `mail:${keyedHash(email)}`;
}

// The throttles of second factors are named by the factor kinds (their `check` and
// `enrolThrottle`); this floor sits below them, so it takes the name and never imports the kinds.

/** Wrong codes of one kind at the token prompt and in re-authentication. */
export function verifyThrottle({ kind, userId, ip }: { kind: string; userId: string; ip: string }): ThrottleKeys {
  return { account: factorLockKey({ kind, userId }), ip: `second-factor:${clientKey(ip)}` };
}

/**
 * Wrong codes typed in a password recovery, per address recovered and per client address. Its
 * own key, never the sign-in's (`sent_code:<user id>`): anyone may start a recovery for any
 * address, and its wrong codes must not lock the owner's sign-in codes. Named by the address (a
 * keyed hash), so a mailbox and an address that is no mailbox count alike.
 */
export function recoveryCodeThrottle({ email, ip }: { email: string; ip: string }): ThrottleKeys {
  return { account: recoveryCodeLockKey(email), ip: `second-factor:${clientKey(ip)}` };
}

/** The recovery codes' lock of an address: shown to support and cleared by an unlock, as the others. */
export function recoveryCodeLockKey(email: string): string {
  return `recovery_code:${keyedHash(email)}`;
}

/** Wrong codes while adding a factor: the wizard's first code, a new phone's or address's code. */
export function enrolThrottle({ kind, userId, ip }: { kind: string; userId: string; ip: string }): ThrottleKeys {
  return { account: factorLockKey({ kind, userId }), ip: kind === 'totp-enrol' ? `second-factor:${clientKey(ip)}` : `verify:${clientKey(ip)}` };
}

/** The account's lock of one second-factor throttle (a kind's `check` or its `enrolThrottle`). */
export function factorLockKey({ kind, userId }: { kind: string; userId: string }): string {
  return `${kind}:${userId}`;
}

/** The password's locks of a mailbox: the web sign-in's and the mail clients'. */
export function passwordLockKeys(email: string): string[] {
  return [passwordAccountKey(email), mailLoginAccountKey(email)];
}

/** The hourly send allowance of one phone number or address. */
export function destinationKey(destination: string): string {
  return keyedHash(destination);
}
