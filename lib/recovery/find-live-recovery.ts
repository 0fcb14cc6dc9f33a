import type { RecoveryOrigin, RecoveryProof } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { hashRecoverySecret } from './recovery-secret';

/** Wrong codes a recovery allows in all, whatever was asked for, before it is of no more use. */
export const MAX_RECOVERY_FAILURES = 10;
/** How long the owner's own recovery lasts (support's link and code: 30 minutes, set by support). */
export const SELF_RECOVERY_TTL_MS = 10 * 60 * 1000;

export type LiveRecovery = {
  id: string;
  userId: string | null;
  email: string;
  origin: RecoveryOrigin;
  proofs: RecoveryProof[];
  expiresAt: Date;
};

/**
 * The recovery a secret (the cookie, a support link, a support code) names, while it can still be
 * used: not consumed, not expired, not worn out by wrong codes. Found only through its secret,
 * never by an id a form could carry.
 */
export async function findLiveRecovery({ secret }: { secret: string | null }): Promise<LiveRecovery | null> {
  if (!secret || secret.length > 200) return null;
  const row = await prisma.passwordRecovery.findUnique({
    where: { tokenHash: hashRecoverySecret(secret) },
    select: { id: true, userId: true, email: true, origin: true, proofs: true, expiresAt: true, consumedAt: true, failedAttempts: true },
  });
  if (!row || row.consumedAt || row.expiresAt <= new Date() || row.failedAttempts >= MAX_RECOVERY_FAILURES) return null;
  return { id: row.id, userId: row.userId, email: row.email, origin: row.origin, proofs: row.proofs, expiresAt: row.expiresAt };
}
