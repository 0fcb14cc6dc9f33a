import { MESSAGE_BRAND_SELECT } from '@/lib/messaging/message-brand';
import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { prisma } from '@/lib/db/prisma';
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
 * The link leaves in the frame's `prepare`, after re-authentication and before the account's lock
 * is taken (a slow provider must not hold the lock, nor a pooled connection); its recovery row,
 * audit row and notice are written after, under the lock. A failed send writes nothing; a change
 * refused after the send (the destination removed meanwhile) leaves a link that opens nothing.
 * A text is paid by the platform, as every recovery code is (issueOneTimeCode): never from the
 * mailbox's or its organisation's pool, within the same toll-fraud allowances.
 */
export async function sendPasswordResetLink({
  actor,
  userId,
  reason,
  code = null,
  expectedBrandId,
  via = null,
}: SupportRequest & { via?: ResetVia | null }): Promise<{ via: ResetVia; sentTo: string; expiresAt: Date }> {
  let sent = null as { destination: ResetDestination; secret: string } | null;
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
      check: async () => void (await chooseDestination({ userId, via })),
      prepare: async () => {
        const destination = await chooseDestination({ userId, via });
        const mailbox = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, brand: { select: MESSAGE_BRAND_SELECT } } });
        const allowance = await reserveSendAllowance({
          channel: destination.channel,
          destination: destination.to,
          countryCode: destination.countryCode,
          userId,
          ip: actor.request.ip,
        });
        const secret = newRecoverySecret();
        try {
          await sendResetLinkMessage({ destination, secret, mailbox: mailbox.email, brand: mailbox.brand });
        } catch (error) {
          await allowance.refund();
          throw error;
        }
        sent = { destination, secret };
      },
    },
    async (tx, mailbox) => {
      if (!sent) throw new Error('sendPasswordResetLink: the change ran before the link was sent');
      const { destination, secret } = sent;
      // Chosen again under the lock: the owner may have removed the address since the link left.
      if ((await chooseDestination({ userId: mailbox.id, via: destination.via })).to !== destination.to) throw new AppError('PASSWORD_RESET_DESTINATION_GONE');
      const { expiresAt, superseded } = await issueSupportRecovery(tx, {
        actor,
        mailbox,
        origin: 'SUPPORT_LINK',
        proofs: [destination.via === 'email' ? 'ALTERNATE_EMAIL' : 'PHONE'],
        secret,
      });
      return {
        result: { via: destination.via, sentTo: destination.masked, expiresAt },
        detail: { via: destination.via, sentTo: destination.masked, expiresAt: expiresAt.toISOString(), superseded },
        what: destination.masked,
      };
    },
  );
}

/** The destination `via` names, or the only one there is; refused when there is none or it is ambiguous. */
async function chooseDestination({ userId, via }: { userId: string; via: ResetVia | null }): Promise<ResetDestination> {
  const destinations = await readResetDestinations({ userId });
  if (destinations.length === 0) throw new AppError('PASSWORD_RESET_NO_DESTINATION');
  if (!via) {
    if (destinations.length > 1) throw new AppError('PASSWORD_RESET_CHOOSE_DESTINATION');
    return destinations[0] as ResetDestination;
  }
  const chosen = destinations.find((destination) => destination.via === via);
  if (!chosen) throw new AppError('PASSWORD_RESET_DESTINATION_GONE');
  return chosen;
}
