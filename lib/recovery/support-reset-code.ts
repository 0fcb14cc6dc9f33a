import { randomInt } from 'node:crypto';

// A reset code support reads out once (origin SUPPORT_CODE): 16 characters of Crockford's base32
// (80 random bits) in groups of four, so it survives being read over the phone. What the owner
// types is normalised before it is hashed: case, spaces and dashes do not matter, and the letters
// base32 leaves out are read as the digits they look like.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newSupportResetCode(): string {
  let code = '';
  for (let i = 0; i < 16; i++) code += ALPHABET[randomInt(0, ALPHABET.length)];
  return inGroupsOfFour(code);
}

/** The code's canonical form (the recovery secret), or null when it cannot be a reset code. */
export function normaliseSupportResetCode(typed: string): string | null {
  if (typed.length > 64) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? inGroupsOfFour(code) : null;
}

function inGroupsOfFour(code: string): string {
  return [0, 4, 8, 12].map((start) => code.slice(start, start + 4)).join('-');
}
