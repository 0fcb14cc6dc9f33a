import { getEnv } from '@/lib/config/env';
import type { Actor } from '@/lib/core/actor';
import { claimResendSlot } from '@/lib/core/factor-kinds/codes/resend-wait';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { reserveSendAllowance } from '@/lib/messaging/reserve-send-allowance';
import { issueOneTimeCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { keyedHash } from '@/lib/rate-limit/throttle-keys';
import { issueDecoyCode } from './decoy-recovery-code';
import { readPasswordRecovery, type ShownDestination } from './read-password-recovery';

/**
 * "Send me a code": a RECOVERY code, bound to this recovery, to one of the destinations the page
 * offered (by its key), through the one machinery every sent code uses: the wait between sends,
 * the hourly allowances per destination, per mailbox and per client address (an IPv6 client by
 * its network), hashed, 10 minutes, 5 tries. A decoy takes the same waits and allowances (an
 * address that is no mailbox is counted as one), and a code of its own that is never sent.
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
  // A real send waits on the provider; a decoy's sends nothing. Every answer, refusals included,
  // takes at least RECOVERY_SEND_MIN_MS, so the time of the answer does not tell them apart
  // (a provider slower than that still would; the floor is set above a provider's usual time).
  const answerAt = Date.now() + getEnv().RECOVERY_SEND_MIN_MS;
  const waitForFloor = () => new Promise((resolve) => setTimeout(resolve, Math.max(0, answerAt - Date.now())));
  try {
    return await sendOrPretend({ secret, destination, request });
  } finally {
    await waitForFloor();
  }
}

async function sendOrPretend({ secret, destination, request }: { secret: string | null; destination: string; request: RequestContext }): Promise<ShownDestination> {
  const read = await readPasswordRecovery({ secret });
  if (!read) throw new AppError('RECOVERY_NOT_FOUND');
  const { recovery, sendable, decoy } = read;
  const chosen = sendable.find((candidate) => candidate.key === destination);
  if (!chosen) throw new AppError('RECOVERY_DESTINATION_UNKNOWN');
  const shown = { key: chosen.key, channel: chosen.channel, masked: chosen.masked };
  const actor: Actor = { kind: 'visitor', request };

  if (decoy || !chosen.to || !recovery.userId) {
    // A decoy's allowances are its own, named by the address recovered and the key chosen (a
    // keyed hash, as every destination's): two decoys never share one, as two mailboxes' phones
    // never do, so nobody can wear out an allowance to tell decoys from real destinations.
    const decoyDestination = `decoy:${recovery.email}:${chosen.key}`;
    const slot = await claimResendSlot({ purpose: 'RECOVERY', userId: '', passwordRecoveryId: recovery.id }, decoyDestination);
    try {
      await reserveSendAllowance({
        channel: chosen.channel,
        destination: decoyDestination,
        countryCode: chosen.channel === 'SMS' ? (chosen.countryCode ?? null) : null,
        userId: `unknown:${keyedHash(recovery.email)}`,
        ip: request.ip,
      });
    } catch (error) {
      await slot.release();
      throw error;
    }
    // A code that goes nowhere, counted as a mailbox's is (decoy-recovery-code.ts).
    await issueDecoyCode(recovery.id);
    return shown;
  }

  // A recovery code is paid by the platform (issueOneTimeCode), so no pool's refusal (empty,
  // texts not allowed) can tell a real destination from a decoy, nor spend a pool's credits. A
  // provider outage (DELIVERY_FAILED) is still told as one: the owner must learn nothing was sent,
  // and a decoy cannot fake an outage without telling them apart when there is none. (A country
  // texts may not go to is never offered: read-recovery-account.ts.)
  await issueOneTimeCode({
    actor,
    scope: { purpose: 'RECOVERY', userId: recovery.userId, passwordRecoveryId: recovery.id },
    channel: chosen.channel,
    destination: chosen.to,
    countryCode: chosen.countryCode ?? null,
  });
  return shown;
}
