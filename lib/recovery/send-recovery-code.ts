import type { Actor } from '@/lib/core/actor';
import { claimResendSlot } from '@/lib/core/factor-kinds/codes/resend-wait';
import { getEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { reserveSendAllowance } from '@/lib/messaging/reserve-send-allowance';
import { issueOneTimeCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { keyedHash } from '@/lib/rate-limit/throttle-keys';
import { readPasswordRecovery, type ShownDestination } from './read-password-recovery';

/**
 * "Send me a code": a RECOVERY code, bound to this recovery, to one of the destinations the page
 * offered (by its key), through the one machinery every sent code uses: the wait between sends,
 * the hourly allowances per destination, per mailbox and per client address (an IPv6 client by
 * its network), hashed, 10 minutes, 5 tries. A decoy takes the same waits and allowances (an
 * address that is no mailbox is counted as one) and sends nothing.
 */
export async function sendRecoveryCode({
  secret,
  destination,
  request,
}: {
  secret: string | null;
  /** The key the page showed ("email", "phone-1"). */
  destination: string;
  request: RequestContext;
}): Promise<ShownDestination> {
  const read = await readPasswordRecovery({ secret });
  if (!read) throw new AppError('RECOVERY_NOT_FOUND');
  const { recovery, sendable } = read;
  const chosen = sendable.find((candidate) => candidate.key === destination);
  if (!chosen) throw new AppError('RECOVERY_DESTINATION_UNKNOWN');
  const shown = { key: chosen.key, channel: chosen.channel, masked: chosen.masked };
  const actor: Actor = { kind: 'visitor', request };

  if (!chosen.to || !recovery.userId) {
    const slot = await claimResendSlot({ purpose: 'RECOVERY', userId: '', passwordRecoveryId: recovery.id }, chosen.masked);
    try {
      await reserveSendAllowance({
        channel: chosen.channel,
        destination: chosen.masked,
        countryCode: chosen.channel === 'SMS' ? ([...getEnv().SMS_ALLOWED_COUNTRIES][0] ?? null) : null,
        userId: `unknown:${keyedHash(recovery.email)}`,
        ip: request.ip,
      });
    } catch (error) {
      await slot.release();
      throw error;
    }
    return shown;
  }

  await issueOneTimeCode({
    actor,
    scope: { purpose: 'RECOVERY', userId: recovery.userId, passwordRecoveryId: recovery.id },
    channel: chosen.channel,
    destination: chosen.to,
    countryCode: chosen.countryCode ?? null,
  });
  return shown;
}
