import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { getRequestContext, type RequestContext } from '@/lib/http/request-context';
import type { SecondFactorMethod } from '@/lib/core/factor-kinds';
import { createSession, type CreatedSession } from '@/lib/sessions/create-session';
import {
  claimPendingLoginAttempt,
  consumePendingLogin,
  findPendingLogin,
  isPendingLoginExhausted,
  releasePendingLoginAttempt,
  type PendingLogin,
} from './pending-login';
import { readPendingLoginCookie } from './pending-login-cookie';

/**
 * A sign-in between the password step and its session: the live pending login and who acts for
 * it. A sign-in waiting for its second factor is a visitor (it has proven nothing yet); one whose
 * brand requires a factor it does not have is an enrolling owner, who may enrol and nothing else.
 * Read once per request from the pending-login cookie (readSignInAttempt), or from the token the
 * cookie holds (openSignInAttempt), never pieced together by a page or an action.
 */
export type SignInAttempt = VisitorSignInAttempt | EnrollingSignInAttempt;

export type VisitorSignInAttempt = AttemptOf<false, Actor & { kind: 'visitor' }>;
export type EnrollingSignInAttempt = AttemptOf<true, Actor & { kind: 'enrolling' }>;

type AttemptOf<TMustEnrol extends boolean, TActor extends Actor> = {
  mustEnrol: TMustEnrol;
  pendingLogin: PendingLogin;
  actor: TActor;
  /**
   * Takes one of the attempt's tries before a factor is checked (LOGIN_EXPIRED when none is
   * left), and returns the only ways the try can end: every check of a second factor at sign-in
   * ends in exactly one of them.
   */
  claim(): Promise<ClaimedSignInAttempt>;
};

/** How a claimed sign-in becomes a session. */
export type SignInFinish =
  /** A second factor was proven in this transaction (`enrolled`: it was just set up, at the wizard). */
  | { method: SecondFactorMethod; enrolled?: true }
  /** "Set up later" during an enrolment period: no factor, a session that ends by the deadline. */
  | { postponedUntil: Date | null };

export type ClaimedSignInAttempt = {
  /**
   * The factor was proven inside `tx`: the pending login is used up, the sign-in is audited and
   * its session created, in the same commit as whatever spent the factor.
   */
  finish(tx: Tx, how: SignInFinish): Promise<CreatedSession>;
  /**
   * The response was checked and wrong: the try stays spent. When it was the sign-in's last, the
   * sign-in is over and this throws LOGIN_ATTEMPTS_USED, which the prompt shows instead.
   */
  fail(): Promise<void>;
  /** The response was never checked (a throttle, a method switched off, an expired code): the try is given back. */
  refund(): Promise<void>;
};

/** What a verb is told about the sign-in it continues: the attempt itself, or the token that names it. */
export type SignInAttemptRef = { attempt: SignInAttempt | null } | { pendingLoginToken: string | null; request: RequestContext };

/**
 * The sign-in this browser is in the middle of. `isStarted` says whether it began one at all (it
 * holds the cookie), so a page can tell "no sign-in here" from "your sign-in has expired".
 */
export async function readSignInAttempt(request?: RequestContext): Promise<{ isStarted: boolean; attempt: SignInAttempt | null }> {
  const token = await readPendingLoginCookie();
  if (!token) return { isStarted: false, attempt: null };
  const pendingLogin = await findPendingLogin({ token });
  return { isStarted: true, attempt: pendingLogin ? attemptOf(pendingLogin, request ?? (await getRequestContext())) : null };
}

/** The sign-in a pending-login token names, or null when it is unknown, used up or expired. */
export async function openSignInAttempt({ pendingLoginToken, request }: { pendingLoginToken: string | null; request: RequestContext }): Promise<SignInAttempt | null> {
  const pendingLogin = await findPendingLogin({ token: pendingLoginToken });
  return pendingLogin ? attemptOf(pendingLogin, request) : null;
}

export async function resolveSignInAttempt(ref: SignInAttemptRef): Promise<SignInAttempt | null> {
  return 'attempt' in ref ? ref.attempt : openSignInAttempt(ref);
}

/** A sign-in that must enrol, or LOGIN_EXPIRED: the wizard's actions act for nothing else. */
export function requireEnrollingAttempt(attempt: SignInAttempt | null): EnrollingSignInAttempt {
  if (!attempt?.mustEnrol) throw new AppError('LOGIN_EXPIRED');
  return attempt;
}

function attemptOf(pendingLogin: PendingLogin, request: RequestContext): SignInAttempt {
  if (pendingLogin.mustEnrol) {
    const actor: Actor & { kind: 'enrolling' } = { kind: 'enrolling', pendingLogin, request };
    return { mustEnrol: true, pendingLogin, actor, claim: () => claim(pendingLogin, actor) };
  }
  const actor: Actor & { kind: 'visitor' } = { kind: 'visitor', request };
  return { mustEnrol: false, pendingLogin, actor, claim: () => claim(pendingLogin, actor) };
}

async function claim(pendingLogin: PendingLogin, actor: Actor & { kind: 'visitor' | 'enrolling' }): Promise<ClaimedSignInAttempt> {
  const { id, userId } = pendingLogin;
  // Claimed with a conditional update, so parallel requests cannot check more responses than
  // the sign-in allows.
  if (!(await claimPendingLoginAttempt({ id }))) throw new AppError('LOGIN_EXPIRED');
  let isSettled = false;
  return {
    async finish(tx, how) {
      // Two parallel finishes of one sign-in: the conditional update lets one through.
      await consumePendingLogin(tx, { id });
      if ('postponedUntil' in how) {
        // Only a sign-in that must enrol may go on without a factor.
        if (!pendingLogin.mustEnrol) throw new AppError('LOGIN_EXPIRED');
        await recordAuditEvent(tx, {
          type: 'enrolment.postponed',
          actor,
          subjectId: userId,
          detail: how.postponedUntil ? { deadline: how.postponedUntil.toISOString() } : {},
        });
        return createSession(tx, { actor, userId, secondFactorAt: null, endsBy: how.postponedUntil });
      }
      await recordAuditEvent(tx, { type: 'sign_in.succeeded', actor, subjectId: userId, detail: { method: how.method, ...(how.enrolled ? { enrolled: true } : {}) } });
      const alternativeLogin = pendingLogin.alternativeLogin ? { id: pendingLogin.alternativeLogin.id, isRestricted: pendingLogin.isRestricted } : null;
      if (alternativeLogin) await tx.alternativeLogin.updateMany({ where: { id: alternativeLogin.id }, data: { lastUsedAt: new Date() } });
      return createSession(tx, { actor, userId, secondFactorAt: new Date(), alternativeLogin });
    },
    async fail() {
      isSettled = true;
      if (await isPendingLoginExhausted({ id })) throw new AppError('LOGIN_ATTEMPTS_USED');
    },
    async refund() {
      if (isSettled) return;
      isSettled = true;
      await releasePendingLoginAttempt({ id });
    },
  };
}
