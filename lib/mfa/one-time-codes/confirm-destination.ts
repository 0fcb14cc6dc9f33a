import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { lockUser } from '@/lib/db/lock-user';
import type { Tx } from '@/lib/db/prisma';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { isMfaEnabled, MFA_STATE_SELECT } from '../is-mfa-enabled';
import { spendOneTimeCode, type SpentCode } from './spend-one-time-code';

/**
 * The last step of adding a phone or an address: the code that went there proves it. Throttled
 * per account like any code; `save` runs in the transaction that spends the code and returns the
 * notice it queued, which is delivered after the commit.
 */
export async function confirmDestination<T>({
  user,
  purpose,
  code,
  request,
  save,
}: {
  user: { id: string };
  purpose: 'VERIFY_PHONE' | 'VERIFY_EMAIL';
  code: string;
  request: RequestContext;
  save: (tx: Tx, spent: SpentCode) => Promise<{ result: T; messageId: string }>;
}): Promise<T> {
  const keys = { account: `${purpose === 'VERIFY_PHONE' ? 'verify-phone' : 'verify-email'}:${user.id}`, ip: `verify:${request.ip}` };
  await beginAttempt(keys);
  let saved: { result: T; messageId: string };
  try {
    saved = await spendOneTimeCode({
      scope: { purpose, userId: user.id },
      code,
      onVerified: async (tx, spent) => {
        await lockUser(tx, { userId: user.id });
        const wasOn = isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: MFA_STATE_SELECT }));
        const result = await save(tx, spent);
        // Where codes may stand alone, a first phone or address is what turns two-factor on.
        if (!wasOn) {
          await recordAuditEvent(tx, { type: 'mfa.enabled', userId: user.id, request, detail: { method: purpose === 'VERIFY_PHONE' ? 'phone' : 'email' } });
        }
        return result;
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('ALREADY_ADDED');
    if (isAppError(error) && ['INVALID_CODE', 'CODE_EXPIRED', 'CODE_ALREADY_USED'].includes(error.code)) await recordFailure(keys);
    throw error;
  }
  await recordSuccess(keys);
  await deliverMessages([saved.messageId]);
  return saved.result;
}
