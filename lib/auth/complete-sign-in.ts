import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
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
  const pendingLogin = await findPendingLogin({ token: pendingLoginToken });
  if (!pendingLogin || !(await claimPendingLoginAttempt({ id: pendingLogin.id }))) throw new AppError('LOGIN_EXPIRED');
  try {
    return await verifySecondFactor({
      userId: pendingLogin.userId,
      code,
      pendingLoginId: pendingLogin.id,
      request,
      failureEvent: 'sign_in.second_factor_failed',
      onVerified: async (tx, method) => {
        await consumePendingLogin(tx, { id: pendingLogin.id });
        await recordAuditEvent(tx, { type: 'sign_in.succeeded', userId: pendingLogin.userId, request, detail: { method } });
        return createSession(tx, { userId: pendingLogin.userId, request, secondFactorAt: new Date() });
      },
    });
  } catch (error) {
    const isWrongCode =
      isAppError(error) && (error.code === 'INVALID_CODE' || error.code === 'CODE_ALREADY_USED' || error.code === 'CODE_EXPIRED');
    if (!isWrongCode) {
      await releasePendingLoginAttempt({ id: pendingLogin.id });
    } else if (await isPendingLoginExhausted({ id: pendingLogin.id })) {
      throw new AppError('LOGIN_EXPIRED', { message: 'Too many wrong codes for this sign-in. Please sign in again.' });
    }
    throw error;
  }
}
