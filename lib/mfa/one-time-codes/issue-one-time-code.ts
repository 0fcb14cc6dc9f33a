import { randomBytes, randomUUID } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { isAppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';
import type { Channel } from '@/lib/db/generated/enums';
import { reserveSmsCredits } from '@/lib/credits/reserve-sms-credits';
import { reserveSendAllowance } from '@/lib/messaging/reserve-send-allowance';
import { readMessageBrand } from '@/lib/messaging/message-brand';
import { sendCodeMessage, type CodeMessage } from '@/lib/messaging/send-code-message';
import { maskPhoneNumber } from '@/lib/core/mask';
import { scopeWhere, type CodeScope } from '@/lib/core/factor-kinds/codes/code-scope';
import { claimResendSlot } from '@/lib/core/factor-kinds/codes/resend-wait';
import { generateOneTimeCode, hashOneTimeCode, ONE_TIME_CODE_TTL_MS } from '@/lib/core/factor-kinds/codes/one-time-code';

const PAID_BY_PLATFORM = { refund: async () => {} };

export type IssuedCode = { expiresAt: Date; channel: Channel; destination: string };

/**
 * Sends a new code for `scope` and makes it the only live one. Order matters:
 * 1. a short wait between sends to one destination while its last code is unused (claimed
 *    atomically, so two racing sends make one code), then the toll-fraud allowances, then for a
 *    member of a family or business account (or a mailbox that pays its own) the code's SMS
 *    credits (nothing sent, nothing kept, if any is refused). A RECOVERY code is paid by the
 *    platform, never from a pool: anyone who knows an address may ask for one, so a pool would let
 *    them spend its credits, and an empty pool's refusal would tell a real mailbox from a decoy;
 *    the toll-fraud allowances still bound it;
 * 2. the code row is written, then the message is sent (a call's webhook needs the row);
 * 3. on success, older codes of the same scope are superseded; on failure the new row is
 *    deleted and the allowance and credits refunded, so nothing half-sent remains and older codes still work.
 * Failure counts live on the account and the pending login, so a new code never resets them.
 */
export async function issueOneTimeCode({
  actor,
  scope,
  channel,
  destination,
  countryCode = null,
}: {
  /** Who asked for it: a visitor at the token prompt, the owner or staff adding a factor. */
  actor: Actor;
  scope: CodeScope;
  channel: Channel;
  destination: string;
  countryCode?: string | null;
}): Promise<IssuedCode> {
  const slot = await claimResendSlot(scope, destination);

  const masked = channel === 'EMAIL' ? destination.replace(/^(.).*(@.*)$/, '$1•••$2') : maskPhoneNumber(destination);
  let allowance;
  let credits;
  try {
    allowance = await reserveSendAllowance({ channel, destination, countryCode, userId: scope.userId, ip: actor.request.ip });
    try {
      credits = scope.purpose === 'RECOVERY' ? PAID_BY_PLATFORM : await reserveSmsCredits({ actor, userId: scope.userId, channel });
    } catch (error) {
      await allowance.refund();
      throw error;
    }
  } catch (error) {
    await slot.release();
    if (isAppError(error)) {
      await recordAuditEvent(prisma, {
        type: 'code.send_refused',
        actor,
        subjectId: scope.userId,
        detail: { channel, purpose: scope.purpose, to: masked, reason: error.code },
      });
    }
    throw error;
  }

  const id = randomUUID();
  const code = generateOneTimeCode();
  // A call carries a random token naming it in the webhook Twilio calls after the key press.
  const brand = await readMessageBrand(prisma, { userId: scope.userId });
  const message: CodeMessage =
    channel === 'VOICE'
      ? { channel, to: destination, code, brand, callToken: randomBytes(24).toString('base64url') }
      : { channel, to: destination, code, brand };
  const callToken = message.channel === 'VOICE' ? message.callToken : null;
  const row = await prisma.oneTimeCode.create({
    data: {
      id,
      userId: scope.userId,
      purpose: scope.purpose,
      channel,
      destination,
      countryCode,
      pendingLoginId: scope.purpose === 'SIGN_IN' ? scope.pendingLoginId : null,
      passwordRecoveryId: scope.purpose === 'RECOVERY' ? scope.passwordRecoveryId : null,
      codeHash: hashOneTimeCode({ id, code }),
      sealedCode: callToken ? encryptSecret({ plaintext: code, boundTo: id }) : null,
      callToken,
      expiresAt: new Date(Date.now() + ONE_TIME_CODE_TTL_MS),
    },
    select: { id: true, createdAt: true, expiresAt: true },
  });

  try {
    await sendCodeMessage(message);
  } catch (error) {
    await prisma.oneTimeCode.delete({ where: { id: row.id } });
    await slot.release();
    await allowance.refund();
    await credits.refund();
    await recordAuditEvent(prisma, { type: 'code.send_failed', actor, subjectId: scope.userId, detail: { channel, purpose: scope.purpose, to: masked } });
    throw error;
  }

  await prisma.$transaction(async (tx) => {
    // Only codes older than this one: of two sends that race, the newer code is the live one.
    await tx.oneTimeCode.updateMany({
      where: { ...scopeWhere(scope), id: { not: row.id }, createdAt: { lte: row.createdAt }, consumedAt: null, supersededAt: null },
      data: { supersededAt: new Date(), sealedCode: null },
    });
    await recordAuditEvent(tx, { type: 'code.sent', actor, subjectId: scope.userId, detail: { channel, purpose: scope.purpose, to: masked } });
  });
  return { expiresAt: row.expiresAt, channel, destination };
}
