import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { lockUser } from '@/lib/db/lock-user';
import type { Tx } from '@/lib/db/prisma';
import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { enrolThrottle } from '@/lib/rate-limit/throttle-keys';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { spendOneTimeCode, type SpentCode } from './spend-one-time-code';

/**
 * The last step of adding a phone or an address: the code that went there proves it. Throttled
 * per account like any code; `save` runs in the transaction that spends the code and returns the
 * notice it queued, which is delivered after the commit.
 */
export async function confirmDestination<T>({
  actor,
  userId,
  purpose,
  code,
  save,
}: {
  actor: Actor;
  userId: string;
  purpose: 'VERIFY_PHONE' | 'VERIFY_EMAIL';
  code: string;
  save: (tx: Tx, spent: SpentCode) => Promise<{ result: T; messageId: string }>;
}): Promise<T> {
  await authorize(actor, 'factor.add', { userId });
  const keys = enrolThrottle({ kind: purpose === 'VERIFY_PHONE' ? 'verify-phone' : 'verify-email', userId, ip: actor.request.ip });
  await beginAttempt(keys);
  let saved: { result: T; messageId: string };
  try {
    saved = await spendOneTimeCode({
      scope: { purpose, userId },
      code,
      onVerified: async (tx, spent) => {
        await lockUser(tx, { userId });
        const wasOn = isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }));
        const result = await save(tx, spent);
        // Where codes may stand alone, a first phone or address is what turns two-factor on.
        if (!wasOn) {
          await recordAuditEvent(tx, { type: 'mfa.enabled', actor, subjectId: userId, detail: { factor: purpose === 'VERIFY_PHONE' ? 'phone' : 'email' } });
        }
        return result;
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('ALREADY_ADDED');
    if (isWrongCode(error)) await recordFailure(keys);
    throw error;
  }
  await recordSuccess(keys);
  await deliverMessages([saved.messageId]);
  return saved.result;
}
