import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { prisma } from '@/lib/db/prisma';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { reserveSendAllowance } from '@/lib/messaging/reserve-send-allowance';
import { issueSupportRecovery } from './issue-support-recovery';
import { newRecoverySecret } from './recovery-secret';
import { readResetDestinations, type ResetDestination, type ResetVia } from './read-reset-destinations';
import { sendResetLinkMessage } from './send-reset-link-message';

/**
 * Support's "Send a password reset link" for an owner who forgot their password: a link to choose
 * a new one goes to the mailbox's confirmed alternate address or backup phone, never the mailbox.
 * Support never sees the link's secret nor the password; opening the link proves the destination
 * it was sent to (proofs preset), and the owner still proves a second factor where the mailbox has
 * one (lib/recovery's visitor side). Staff choose where when both exist (`via`).
 *
 * The link is sent inside the change's transaction, before its audit row and notice are written:
 * they never tell of a link that did not leave, and a link whose sending failed is rolled back
 * with its recovery row.
 */
export async function sendPasswordResetLink({
  actor,
  userId,
  reason,
  code = null,
  expectedBrandId,
  via = null,
}: SupportRequest & { via?: ResetVia | null }): Promise<{ via: ResetVia; sentTo: string; expiresAt: Date }> {
  return changeAccount(
    {
      actor,
      userId,
      action: 'password_reset.issue',
      reauth: { code },
      reason,
      expectedBrandId,
      audit: 'support.password_reset_link_sent',
      notice: 'support.password_reset_link_sent',
      // Decided before re-authentication, so a mailbox with nowhere to send costs the staff member nothing.
      check: async () => void (await chooseDestination(prisma, { userId, via })),
    },
    async (tx, mailbox) => {
      // Chosen again under the lock: the owner may have removed the address since the page showed it.
      const destination = await chooseDestination(tx, { userId: mailbox.id, via });
      const brand = await tx.brand.findUniqueOrThrow({ where: { id: mailbox.brandId }, select: { name: true } });
      const allowance = await reserveSendAllowance({
        channel: destination.channel,
        destination: destination.to,
        countryCode: destination.countryCode,
        userId: mailbox.id,
        ip: actor.request.ip,
      });
      const secret = newRecoverySecret();
      const { expiresAt, superseded } = await issueSupportRecovery(tx, {
        actor,
        mailbox,
        origin: 'SUPPORT_LINK',
        proofs: [destination.via === 'email' ? 'ALTERNATE_EMAIL' : 'PHONE'],
        secret,
      });
      try {
        await sendResetLinkMessage({ destination, secret, mailbox: mailbox.email, brandName: brand.name });
      } catch (error) {
        await allowance.refund();
        throw error;
      }
      return {
        result: { via: destination.via, sentTo: destination.masked, expiresAt },
        detail: { via: destination.via, sentTo: destination.masked, expiresAt: expiresAt.toISOString(), superseded },
        what: destination.masked,
      };
    },
  );
}

/** The destination `via` names, or the only one there is; refused when there is none or it is ambiguous. */
async function chooseDestination(db: Pick<Tx, 'user'>, { userId, via }: { userId: string; via: ResetVia | null }): Promise<ResetDestination> {
  const destinations = await readResetDestinations(db, { userId });
  if (destinations.length === 0) throw new AppError('PASSWORD_RESET_NO_DESTINATION');
  if (!via) {
    if (destinations.length > 1) throw new AppError('PASSWORD_RESET_CHOOSE_DESTINATION');
    return destinations[0] as ResetDestination;
  }
  const chosen = destinations.find((destination) => destination.via === via);
  if (!chosen) throw new AppError('PASSWORD_RESET_DESTINATION_GONE');
  return chosen;
}
