import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import { changeAccount, type ChangeOutcome } from '@/lib/access/change-account';
import { Prisma } from '@/lib/db/generated/client';
import type { Tx } from '@/lib/db/prisma';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { enrolThrottle } from '@/lib/rate-limit/throttle-keys';
import { enrolThrottleOf, isMfaEnabled, methodOfChannel, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { recheckMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { spendOneTimeCode, type SpentCode } from '@/lib/core/factor-kinds/codes/spend-one-time-code';

/**
 * The last step of adding a phone or an address: the code that went there proves it, and is spent
 * in the transaction of the change (the frame's `spend` proof). Throttled per account like any
 * code; `save` writes the new factor and says how the notice names it.
 */
export async function confirmDestination<T>({
  actor,
  userId,
  purpose,
  code,
  audit,
  save,
}: {
  actor: Actor;
  userId: string;
  purpose: 'VERIFY_PHONE' | 'VERIFY_EMAIL';
  code: string;
  audit: AuditEventType;
  save: (tx: Tx, spent: SpentCode) => Promise<ChangeOutcome<T>>;
}): Promise<T> {
  // The throttle is the kind's own (the registry names it), so the support page's unlock finds it.
  const keys = enrolThrottle({ kind: enrolThrottleOf(purpose === 'VERIFY_PHONE' ? 'sms' : 'email'), userId, ip: actor.request.ip });
  let spent: SpentCode | null = null;
  let result: T;
  try {
    result = await changeAccount(
      {
        actor,
        userId,
        action: 'factor.add',
        check: () => beginAttempt(keys),
        reauth: {
          spend: (body) =>
            spendOneTimeCode({
              scope: { purpose, userId },
              code,
              onVerified: (tx, code) => {
                spent = code;
                return body(tx);
              },
            }),
        },
        audit,
        notice: 'factor.added',
      },
      async (tx) => {
        if (!spent) throw new Error('confirmDestination: the change ran before its code was spent');
        // The policy may have narrowed since the code was sent: asked again, under the locks.
        await recheckMayAddFactor(tx, { actor, userId, method: methodOfChannel((spent as SpentCode).channel) });
        const wasOn = isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }));
        const outcome = await save(tx, spent);
        // Where codes may stand alone, a first phone or address is what turns two-factor on.
        if (!wasOn) {
          await recordAuditEvent(tx, { type: 'mfa.enabled', actor, subjectId: userId, detail: { factor: purpose === 'VERIFY_PHONE' ? 'phone' : 'email' } });
        }
        return outcome;
      },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('ALREADY_ADDED');
    if (isWrongCode(error)) await recordFailure(keys);
    throw error;
  }
  await recordSuccess(keys);
  return result;
}
