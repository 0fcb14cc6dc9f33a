import { afterSessionCreated } from '@/lib/sessions/after-session-created';
import type { Actor } from '@/lib/core/actor';
import type { MatchedAlternativeLogin } from '@/lib/alternative-logins/match-alternative-login';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { forgetAttempt, type ThrottleKeys } from '@/lib/rate-limit/failure-throttle';
import { createSession } from '@/lib/sessions/create-session';
import type { SignInAccount } from './find-sign-in-account';
import { createPendingLogin } from './pending-login';
import { sendSignInCode } from './send-sign-in-code';
import type { PasswordStepResult } from './password-step-result';

/**
 * The password step, when what was typed is an alternative login rather than the account
 * password (FastMail's kiosk logins):
 * - an SMS password opens a pending login that takes only the code texted, now, to the mobile
 *   number (paid by the family or business account's pool, like any member's text);
 * - a one-time password is spent at once (a conditional update, so of two racing sign-ins one
 *   wins); behind its memorised prefix it counts as two factors and opens the session, without
 *   one it stands in for the password only, and an account with a second factor is still asked
 *   for it.
 * Staff accounts never sign in this way, and where the brand requires two-step verification only
 * the two-factor kinds are accepted. Either refusal is not a guess: the attempt is given back.
 */
export async function signInWithAlternativeLogin({
  actor,
  user,
  login,
  keys,
}: {
  /** The visitor of the password step, whose request this is. */
  actor: Actor & { kind: 'visitor' };
  user: SignInAccount;
  login: MatchedAlternativeLogin;
  keys: ThrottleKeys;
}): Promise<PasswordStepResult> {
  const { request } = actor;
  const refuse = async (reason: string, error: AppError): Promise<never> => {
    await forgetAttempt(keys);
    await recordAuditEvent(prisma, { type: 'sign_in.alternative_login_refused', actor, subjectId: user.id, detail: { kind: login.kind, reason } });
    throw error;
  };
  if (user.isStaff) return refuse('staff', new AppError('INVALID_CREDENTIALS'));
  const isTwoFactor = login.kind === 'SMS_PASSWORD' || login.isTwoFactor;
  if (!isTwoFactor && (await getEffectivePolicy({ userId: user.id })).settings.requireTwoFactor) {
    return refuse('not_two_factor', new AppError('ALTERNATIVE_LOGIN_NOT_ACCEPTED'));
  }

  if (login.kind === 'SMS_PASSWORD') {
    const mobile = await prisma.phone.findFirst({ where: { userId: user.id, isMobileForSms: true }, select: { id: true } });
    if (!mobile) return refuse('no_mobile', new AppError('NO_MOBILE_NUMBER'));
    // Not a success yet, and never one of the account password: the attempt is given back, and
    // the account password's failure count is left as it is (clearing it here would let whoever
    // saw the SMS password at a kiosk guess the account password without ever waiting).
    await forgetAttempt(keys);
    const pendingLogin = await openPendingLogin({ userId: user.id, request, login });
    try {
      await sendSignInCode({ pendingLoginToken: pendingLogin.token, target: { channel: 'SMS', phoneId: mobile.id }, request });
    } catch (error) {
      // No text, no way to finish: this pending login goes, and the reason (an empty pool, texts
      // not allowed) is shown on the password form.
      await prisma.pendingLogin.deleteMany({ where: { id: pendingLogin.id } });
      throw error;
    }
    return { next: 'second-factor', pendingLogin };
  }

  const line = login.oneTimePassword;
  if (!line || line.usedAt) return refuse('used', new AppError('ONE_TIME_PASSWORD_USED'));
  const needsSecondFactor = !login.isTwoFactor && user.isMfaEnabled;
  // The line is spent as soon as it was typed right, even when a second factor is still to come:
  // it has been seen on a computer the owner does not trust, so it must never work again.
  const spent = await prisma.$transaction(async (tx) => {
    // Spent with a conditional update: of two sign-ins racing with one line, one gets count 0.
    const { count } = await tx.oneTimePassword.updateMany({ where: { id: line.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) return null;
    await tx.alternativeLogin.updateMany({ where: { id: login.id }, data: { lastUsedAt: new Date() } });
    await recordAuditEvent(tx, { type: 'one_time_password.used', actor, subjectId: user.id, detail: { withPrefix: login.isTwoFactor } });
    if (needsSecondFactor) return { session: null };
    await recordAuditEvent(tx, { type: 'sign_in.succeeded', actor, subjectId: user.id, detail: { method: 'one_time_password' } });
    return { session: await createSession(tx, { actor, userId: user.id, secondFactorAt: login.isTwoFactor ? new Date() : null, alternativeLogin: login }) };
  });
  if (!spent) return refuse('used', new AppError('ONE_TIME_PASSWORD_USED'));
  if (!spent.session) {
    // One factor of two: as for the SMS password, nothing of the account password is cleared.
    await forgetAttempt(keys);
    return { next: 'second-factor', pendingLogin: await openPendingLogin({ userId: user.id, request, login }) };
  }
  // A session, but still not the account password: a line (even behind its memorised prefix) is
  // an authenticator of its own, so the password's failure count stays as it was, as after an SMS
  // password. Clearing it would let whoever holds one printed sheet reset the count between
  // guesses at the account password.
  await forgetAttempt(keys);
  await afterSessionCreated(spent.session);
  return { next: 'signed-in', session: spent.session };
}

/**
 * The pending login an alternative login opens. Deleted meanwhile by its owner (a delete or a
 * replacement racing this sign-in), its row is gone and the insert's foreign key refuses it: that
 * is a login that no longer exists, said like a wrong password, not an unexpected error.
 */
async function openPendingLogin({ userId, request, login }: { userId: string; request: RequestContext; login: MatchedAlternativeLogin }) {
  try {
    return await createPendingLogin({ userId, request, clearingFailuresOf: null, alternativeLogin: login });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new AppError('INVALID_CREDENTIALS');
    throw error;
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23503';
}
