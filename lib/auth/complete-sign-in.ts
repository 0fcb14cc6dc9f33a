import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { secondFactorKind } from '@/lib/core/factor-kinds';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { createSession, type CreatedSession } from './create-session';
import {
  claimPendingLoginAttempt,
  consumePendingLogin,
  findPendingLogin,
  isPendingLoginExhausted,
  releasePendingLoginAttempt,
} from './pending-login';

/**
 * The second step of signing in: the code from the token prompt. Spending the code, consuming the
 * pending login and creating the session happen in one transaction; the session token is new
 * (the pending-login value is never promoted into a session).
 */
export async function completeSignIn({
  pendingLoginToken,
  code,
  request,
}: {
  pendingLoginToken: string | null;
  code: TSecondFactorCode;
  request: RequestContext;
}): Promise<CreatedSession> {
  const actor = { kind: 'visitor', request } as const;
  const pendingLogin = await findPendingLogin({ token: pendingLoginToken });
  if (!pendingLogin) throw new AppError('LOGIN_EXPIRED');
  // A sign-in that must enrol has no factor to answer with; it may only enrol.
  if (pendingLogin.mustEnrol) throw new AppError('ENROLMENT_REQUIRED');
  // An SMS password is one factor; its second is the code texted to the mobile number, and only
  // that (sendSignInCode sends it nowhere else), never an app code or a backup code.
  if (pendingLogin.alternativeLogin?.kind === 'SMS_PASSWORD' && !secondFactorKind(code.method).channel) throw new AppError('SMS_PASSWORD_NEEDS_TEXT_CODE');
  if (!(await claimPendingLoginAttempt({ id: pendingLogin.id }))) throw new AppError('LOGIN_EXPIRED');
  try {
    const session = await verifySecondFactor({
      actor,
      userId: pendingLogin.userId,
      code,
      pendingLoginId: pendingLogin.id,
      failureEvent: 'sign_in.second_factor_failed',
      onVerified: async (tx, method) => {
        await consumePendingLogin(tx, { id: pendingLogin.id });
        await recordAuditEvent(tx, { type: 'sign_in.succeeded', actor, subjectId: pendingLogin.userId, detail: { method } });
        const alternativeLogin = pendingLogin.alternativeLogin ? { id: pendingLogin.alternativeLogin.id, isRestricted: pendingLogin.isRestricted } : null;
        if (alternativeLogin) await tx.alternativeLogin.updateMany({ where: { id: alternativeLogin.id }, data: { lastUsedAt: new Date() } });
        return createSession(tx, { userId: pendingLogin.userId, request, secondFactorAt: new Date(), alternativeLogin });
      },
    });
    await deliverMessages(session.messageIds);
    return session;
  } catch (error) {
    if (!isWrongCode(error)) {
      await releasePendingLoginAttempt({ id: pendingLogin.id });
    } else if (await isPendingLoginExhausted({ id: pendingLogin.id })) {
      throw new AppError('LOGIN_ATTEMPTS_USED');
    }
    throw error;
  }
}
