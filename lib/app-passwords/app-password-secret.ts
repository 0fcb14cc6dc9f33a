import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';

// 28 lowercase letters, shown in groups of four: log2(26) × 28 ≈ 131.6 bits from the CSPRNG
// (SECURITY.md asks at least 128), and only letters, so a phone's keyboard never switches to
// digits or capitals while the user types it into a mail app.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
export const APP_PASSWORD_LENGTH = 28;
const GROUP = 4;

/** A new app password, as it is shown once: "abcd-efgh-…" (7 groups of 4 letters). */
export function generateAppPassword(): string {
  let letters = '';
  // randomInt draws without modulo bias.
  for (let i = 0; i < APP_PASSWORD_LENGTH; i++) letters += ALPHABET[randomInt(ALPHABET.length)];
  return letters.match(new RegExp(`.{${GROUP}}`, 'g'))?.join('-') ?? letters;
}

/**
 * What a mail client sent, as an app password would be stored, or null when it cannot be one
 * (then only the account password may match). Spaces and dashes between the groups are optional
 * and letters may be typed in capitals: phones capitalise the first letter of a field.
 */
export function normalizeAppPassword(typed: string): string | null {
  const letters = typed.replace(/[\s-]/g, '').toLowerCase();
  return letters.length === APP_PASSWORD_LENGTH && /^[a-z]+$/.test(letters) ? letters : null;
}

let hashingKey: Buffer | null = null;

/**
 * The stored form: an HMAC under a key the database does not hold, bound to its account, so a
 * login is one lookup on a unique index and a copied hash fits no other mailbox. A generated
 * 131-bit secret needs no slow hash (nobody can enumerate it), unlike a password a person chose.
 */
export function hashAppPassword({ userId, password }: { userId: string; password: string }): string {
  hashingKey ??= Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'app passwords', 32));
  return createHmac('sha256', hashingKey).update(`${userId}:${password}`).digest('base64url');
}
