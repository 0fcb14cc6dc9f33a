import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';

// NIST SP 800-63B 5.1.3.2 / ASVS 5 6.6: 6 digits from the CSPRNG, at most 10 minutes, used once.
export const ONE_TIME_CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS_PER_CODE = 5;

export function generateOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function hashingKey(): Buffer {
  return Buffer.from(hkdfSync('sha256', requireSetting('NEXTAUTH_SECRET'), 'gatehouse', 'one-time codes', 32));
}

/**
 * A million possible codes are no secret to a hash, so the stored value is an HMAC under a key
 * the database does not hold, and it names its row: a copied hash fits no other code.
 */
export function hashOneTimeCode({ id, code }: { id: string; code: string }): string {
  return createHmac('sha256', hashingKey()).update(`${id}:${code}`).digest('hex');
}

export function isSameCode({ id, code, codeHash }: { id: string; code: string; codeHash: string }): boolean {
  const expected = Buffer.from(codeHash, 'hex');
  const actual = Buffer.from(hashOneTimeCode({ id, code }), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
