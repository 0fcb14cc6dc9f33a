import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import { prisma, type Tx } from '@/lib/db/prisma';
import type { Actor } from '@/lib/core/actor';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import type { TSecondFactorCode } from './code-schema';
import { isMethodAvailable, secondFactorKind, type SecondFactorMethod } from '@/lib/core/factor-kinds';

/**
 * The one place a second factor is checked: the token prompt, re-authentication and disabling
 * MFA all come through here. The code is spent and `onVerified` runs in the same transaction, so
 * a code is never used up by a change that then fails, and a change never happens on a code that
 * was not spent. Each method has its own failure throttle per account. The kind's registry entry
 * does the check (lib/core/factor-kinds); this frame adds policy, the throttle and the audit.
 */
export async function verifySecondFactor<T>({
  actor,
  userId,
  code,
  pendingLoginId = null,
  failureEvent,
  onVerified,
}: {
  /** Whoever typed the code: a visitor at the token prompt, the owner re-authenticating. */
  actor: Actor;
  userId: string;
  code: TSecondFactorCode;
  /** Codes sent by text, call or e-mail are bound to the sign-in that asked for them. */
  pendingLoginId?: string | null;
  failureEvent: AuditEventType;
  onVerified: (tx: Tx, method: SecondFactorMethod) => Promise<T>;
}): Promise<T> {
  const kind = secondFactorKind(code.method);
  // A method switched off is not a way in, even for accounts that still hold it. (Sent codes were
  // checked when they were sent.)
  if (kind.policyCheckedAt === 'verify' && !isMethodAvailable((await getEffectivePolicy({ userId })).settings, kind.policyKey)) {
    throw new AppError('METHOD_NOT_AVAILABLE');
  }
  const keys = verifyThrottle({ kind: kind.check, userId, ip: actor.request.ip });
  await beginAttempt(keys);
  try {
    const result = await kind.verify(
      { actor, userId, response: code.response, attempt: pendingLoginId ? { pendingLoginId } : null },
      (tx, method) => onVerified(tx, method as SecondFactorMethod),
    );
    await recordSuccess(keys);
    return result;
  } catch (error) {
    if (isWrongCode(error)) {
      await recordFailure(keys);
      await recordAuditEvent(prisma, {
        type: failureEvent,
        actor,
        subjectId: userId,
        detail: { method: kind.check, reason: error.code === 'CODE_ALREADY_USED' || error.code === 'SENT_CODE_ALREADY_USED' ? 'reused' : 'invalid' },
      });
    }
    throw error;
  }
}
