import { randomInt } from 'node:crypto';

// Crockford base32: no I, L, O or U, so nothing reads as another character. 16 characters of it
// are 80 bits from the CSPRNG (63B 5.1.2.2 asks for at least 64).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const BACKUP_CODE_LENGTH = 16;
export const BACKUP_CODES_PER_SET = 10;

export function generateBackupCode(): string {
  let code = '';
  for (let i = 0; i < BACKUP_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** As shown and printed: four groups of four. */
export function formatBackupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The canonical form of what someone typed, or null when it cannot be a backup code. Case,
 * spaces and dashes do not matter, and the letters Crockford leaves out read as their look-alikes.
 */
export function normalizeBackupCode(input: string): string | null {
  const code = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  if (code.length !== BACKUP_CODE_LENGTH) return null;
  for (const character of code) if (!ALPHABET.includes(character)) return null;
  return code;
}
