import { afterSessionCreated } from '@/lib/sessions/after-session-created';
import { AppError, isWrongCode } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
import type { CreatedSession } from '@/lib/sessions/create-session';
import { resolveSignInAttempt, type SignInAttemptRef } from './sign-in-attempt';

/**
 * The second step of signing in: the code from the token prompt. Spending the code, consuming the
 * pending login and creating the session happen in one transaction; the session token is new
 * (the pending-login value is never promoted into a session).
 */
export async function completeSignIn({ code, ...ref }: SignInAttemptRef & { code: TSecondFactorCode }): Promise<CreatedSession> {
  const attempt = await resolveSignInAttempt(ref);
  if (!attempt) throw new AppError('LOGIN_EXPIRED');
  // A sign-in that must enrol has no factor to answer with; it may only enrol.
  if (attempt.mustEnrol) throw new AppError('ENROLMENT_REQUIRED');
  const { pendingLogin, actor } = attempt;
  // An SMS password is one factor; its second is the code texted to the mobile number, and only
  // that (sendSignInCode sends it nowhere else), never an app code or a backup code.
  if (pendingLogin.alternativeLogin?.kind === 'SMS_PASSWORD' && code.method !== 'sms') throw new AppError('SMS_PASSWORD_NEEDS_TEXT_CODE');
  const claimed = await attempt.claim();
  try {
    const session = await verifySecondFactor({
      actor,
      userId: pendingLogin.userId,
      code,
      pendingLoginId: pendingLogin.id,
      failureEvent: 'sign_in.second_factor_failed',
      onVerified: (tx, method) => claimed.finish(tx, { method }),
    });
    await afterSessionCreated(session);
    return session;
  } catch (error) {
    if (isWrongCode(error)) await claimed.fail();
    else await claimed.refund();
    throw error;
  }
}
