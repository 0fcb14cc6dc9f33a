import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';

// Eight characters from 31 that cannot be mistaken for each other on paper (no 0/o, 1/l/i):
// log2(31) × 8 ≈ 39.6 bits each. Fifty live ones behind the password step's throttle leave an
// online guesser nothing; the list is printed, so it must be short enough to type from a sheet.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const ONE_TIME_PASSWORD_LENGTH = 8;
export const ONE_TIME_LIST_SIZE = 50;

/** A new one-time password as printed: "abcd efgh". */
export function generateOneTimePassword(): string {
  let letters = '';
  // randomInt draws without modulo bias.
  for (let i = 0; i < ONE_TIME_PASSWORD_LENGTH; i++) letters += ALPHABET[randomInt(ALPHABET.length)];
  return `${letters.slice(0, 4)} ${letters.slice(4)}`;
}

/**
 * What was typed into the password field, split as a one-time login would be: the memorised
 * prefix (possibly empty) and then the one-time password from the sheet, whose spaces are
 * optional and which may be typed in capitals. Null when the end cannot be a one-time password.
 */
export function splitOneTimeLogin(typed: string): { prefix: string; letters: string } | null {
  let letters = '';
  let start = typed.length;
  while (start > 0 && letters.length < ONE_TIME_PASSWORD_LENGTH) {
    start -= 1;
    const character = typed[start] as string;
    if (/\s/.test(character)) continue;
    letters = character.toLowerCase() + letters;
  }
  if (letters.length !== ONE_TIME_PASSWORD_LENGTH || ![...letters].every((character) => ALPHABET.includes(character))) return null;
  return { prefix: typed.slice(0, start).trim(), letters };
}

let hashingKey: Buffer | null = null;

/**
 * The stored form: an HMAC under a key the database does not hold, bound to its account, so a
 * sign-in is one lookup on a unique index. A random one-time password needs no slow hash; the
 * memorised prefix, which a person chose, is hashed with argon2id like any password.
 */
export function hashOneTimePassword({ userId, letters }: { userId: string; letters: string }): string {
  hashingKey ??= Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'one-time passwords', 32));
  return createHmac('sha256', hashingKey).update(`${userId}:${letters}`).digest('base64url');
}
