import type { Actor } from '@/lib/core/actor';
import type { RecoveryOrigin, RecoveryProof } from '@/lib/db/generated/enums';
import type { Tx } from '@/lib/db/prisma';
import { hashRecoverySecret } from './recovery-secret';

/** How long what support issues (a link or a code) can be used: the issue's 30 minutes. */
export const SUPPORT_RECOVERY_TTL_MS = 30 * 60 * 1000;

/**
 * Writes the recovery a support link or support code opens, inside the support action's
 * transaction (under the mailbox's row lock). Only the secret's hash is stored; the secret itself
 * is in the link, or is the code, and nowhere else.
 *
 * Every older unconsumed link or code support issued for this mailbox is ended first (consumed
 * now): at most one support-issued way to a new password is alive at a time, the one the owner was
 * last told about. A link left in an inbox or a code read out to a caller who turned out not to be
 * the owner stops working as soon as support issues another; ending it by `consumedAt`, as using it
 * would, also makes an owner finishing the old one at that moment fail its conditional update.
 * The owner's own "Forgot password?" recoveries (SELF) are theirs and are left alone.
 */
export async function issueSupportRecovery(
  tx: Tx,
  {
    actor,
    mailbox,
    origin,
    proofs,
    secret,
  }: {
    actor: Actor;
    mailbox: { id: string; email: string };
    origin: Extract<RecoveryOrigin, 'SUPPORT_LINK' | 'SUPPORT_CODE'>;
    /** What the link or code proves once used: the destination it was sent to, or support's check. */
    proofs: RecoveryProof[];
    secret: string;
  },
): Promise<{ expiresAt: Date; superseded: number }> {
  const now = new Date();
  const { count: superseded } = await tx.passwordRecovery.updateMany({
    where: { userId: mailbox.id, origin: { in: ['SUPPORT_LINK', 'SUPPORT_CODE'] }, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  const expiresAt = new Date(now.getTime() + SUPPORT_RECOVERY_TTL_MS);
  await tx.passwordRecovery.create({
    data: {
      tokenHash: hashRecoverySecret(secret),
      userId: mailbox.id,
      email: mailbox.email.toLowerCase(),
      origin,
      proofs,
      // The console has no account: its operator is named in the audit row instead.
      issuedById: actor.kind === 'staff' ? actor.current.user.id : null,
      expiresAt,
    },
  });
  return { expiresAt, superseded };
}
