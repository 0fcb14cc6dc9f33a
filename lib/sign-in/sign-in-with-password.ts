import { afterSessionCreated } from '@/lib/sessions/after-session-created';
import type { Actor } from '@/lib/core/actor';
import { matchAlternativeLogin } from '@/lib/alternative-logins/match-alternative-login';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { decideChallenge } from '@/lib/challenge/decide-challenge';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { passwordThrottle } from '@/lib/rate-limit/throttle-keys';
import { createSession } from '@/lib/sessions/create-session';
import { findSignInAccount } from './find-sign-in-account';
import { verifyPassword } from '@/lib/core/hash-password';
import { signInWithAlternativeLogin } from './sign-in-with-alternative-login';
import { enrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import type { PasswordStepResult } from './password-step-result';
import { createPendingLogin } from './pending-login';

/**
 * The first step of signing in. Unknown addresses and wrong passwords take the same path, the
 * same time (a real argon2id verify either way) and the same answer, and count against the same
 * per-address throttle, so the answer never says whether an account exists. A password that is
 * not the account's is tried as the account's alternative logins (an SMS password, a one-time
 * password) under the same throttle; every refusal costs the same two verifies either way.
 */
export async function signInWithPassword({
  email,
  password,
  request,
}: {
  email: string;
  password: string;
  request: RequestContext;
}): Promise<PasswordStepResult> {
  const actor: Actor & { kind: 'visitor' } = { kind: 'visitor', request };
  const keys = passwordThrottle({ email, ip: request.ip });
  // Read before the attempt is counted: a read that fails has then spent none of the account's
  // attempts. Unknown addresses take the same path.
  const user = await findSignInAccount({ email });
  await beginAttempt(keys);
  const isValid = await verifyPassword({ password, passwordHash: user?.passwordHash ?? null });

  if (!user || !isValid) {
    const login = await matchAlternativeLogin({ account: user, typed: password });
    if (user && login) return signInWithAlternativeLogin({ actor, user, login, keys });
    await recordFailure(keys);
    await recordAuditEvent(prisma, { type: 'sign_in.failed', actor, subjectId: user?.id ?? null, detail: { step: 'password' } });
    throw new AppError('INVALID_CREDENTIALS');
  }

  // The challenge policy may spare the code (a remembered address or country, or "Never"); an
  // account without a factor has nothing to be asked for.
  const challenge = user.isMfaEnabled ? await decideChallenge({ account: user, ip: request.ip }) : null;
  if (challenge?.isAsked) {
    const pendingLogin = await createPendingLogin({ userId: user.id, request, clearingFailuresOf: keys.account, verifiedPasswordHash: user.passwordHash });
    return { next: 'second-factor', pendingLogin };
  }
  // An account without a factor under a brand that requires one gets no session, only a pending
  // login that can do nothing but enrol. An account with a factor has met the requirement: when
  // its challenge policy spared the code here, it is signed in like anywhere else.
  if (!user.isMfaEnabled && (await enrolmentRequirement({ actor, userId: user.id })).isRequired) {
    const pendingLogin = await createPendingLogin({
      userId: user.id,
      request,
      clearingFailuresOf: keys.account,
      mustEnrol: true,
      verifiedPasswordHash: user.passwordHash,
    });
    return { next: 'enrol', pendingLogin };
  }
  await recordSuccess(keys);
  const session = await prisma.$transaction(async (tx) => {
    // Only while the password is still the one verified, under a share lock: a password change
    // racing this sign-in (a recovery) either ends the session it finds or makes this one refused.
    const current = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "User" WHERE "id" = ${user.id}::uuid AND "passwordHash" = ${user.passwordHash} FOR SHARE`;
    if (current.length !== 1) throw new AppError('INVALID_CREDENTIALS');
    await recordAuditEvent(tx, {
      type: 'sign_in.succeeded',
      actor,
      subjectId: user.id,
      detail: { method: 'password', ...(challenge ? { challengeSpared: challenge.policy } : {}) },
    });
    return createSession(tx, { actor, userId: user.id, secondFactorAt: null });
  });
  await afterSessionCreated(session);
  return { next: 'signed-in', session };
}
