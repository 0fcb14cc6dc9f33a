import { createHash, randomBytes } from 'node:crypto';

// A recovery's secret and its stored form, apart from the cookie (recovery-cookie.ts, which needs
// Next's request scope): the support verbs that mint a link's secret also run at the command line.

/** A new recovery secret: 32 random bytes, URL-safe. */
export function newRecoverySecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a recovery secret (PasswordRecovery.tokenHash). */
export function hashRecoverySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
