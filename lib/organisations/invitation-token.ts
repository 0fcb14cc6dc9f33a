import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation can be answered (Google Workspace and Keycloak use days, not hours). */
export const INVITATION_DAYS = 14;

/** 256 bits from the CSPRNG: the link's secret. Only its hash is stored. */
export function createInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

// A plain SHA-256 is enough for a 256-bit random secret: nothing can be guessed or looked up from it.
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string is shaped like a token we made, before any database read. */
export function isInvitationTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
