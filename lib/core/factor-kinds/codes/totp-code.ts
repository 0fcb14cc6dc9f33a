import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

// RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
export const TOTP_PERIOD_SECONDS = 30;
// NIST SP 800-63B 5.1.4.1: at least 112 bits; we use 160 (20 bytes from the CSPRNG).
export const TOTP_SECRET_BYTES = 20;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export function createTotpSecret(): string {
  return generateSecret({ length: TOTP_SECRET_BYTES });
}

/**
 * The issuer an authenticator app lists the entry under: the mailbox's brand name. A colon would
 * split the "issuer:account" label in the wrong place, so it is dropped. Only a label: an entry
 * made under another name (Gatehouse, before brands named their entries) keeps working, since the
 * codes come from the secret alone.
 */
export function totpIssuer(brandName: string): string {
  return brandName.replace(/:/g, '').replace(/\s+/g, ' ').trim();
}

export function totpUri({ secret, email, brandName }: { secret: string; email: string; brandName: string }): string {
  return generateURI({ issuer: totpIssuer(brandName), label: email, secret, period: TOTP_PERIOD_SECONDS });
}

/** The key as people type it: upper-case base32 in groups of four. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function totpCodeAt({
  secret,
  at,
  algorithm = 'sha1',
  digits = 6,
}: {
  secret: string | Uint8Array;
  at: Date;
  algorithm?: TotpAlgorithm;
  digits?: 6 | 7 | 8;
}): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), algorithm, digits, period: TOTP_PERIOD_SECONDS });
}

/**
 * The time step a code belongs to, or null. The server clock decides, with one step of drift
 * either way (63B 5.1.4.2); whether the step was already spent is the caller's conditional update.
 */
export function matchTotpStep({
  secret,
  code,
  at,
  algorithm = 'sha1',
  digits = 6,
}: {
  secret: string | Uint8Array;
  code: string;
  at: Date;
  algorithm?: TotpAlgorithm;
  digits?: 6 | 7 | 8;
}): number | null {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    algorithm,
    digits,
    period: TOTP_PERIOD_SECONDS,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
