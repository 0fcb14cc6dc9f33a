import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuditEventType } from '@/lib/audit/record-audit-event';
import type { PendingLoginView } from '@/lib/core/actor';
import { getPgPool } from '@/lib/db/pg-pool';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { clearFailuresSql, failureRowKeys } from '@/lib/rate-limit/failure-throttle';

// Between the password and the second factor there is no session, only this record: 10 minutes,
// its own attempt counter, consumed on success (ASVS 5 7.2.4). The cookie holds a random value
// whose SHA-256 is the row's key, so a leaked database row cannot be replayed as a cookie.
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS_PER_LOGIN = 5;

/** The pending login as an enrolling actor carries it (lib/core/actor.ts). */
export type PendingLogin = PendingLoginView;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// The password was right and a second factor is due. One prepared statement on the pg pool
// ends the password failure count, writes the pending login and writes its audit row
// ('sign_in.password_verified'), so all three commit together without a transaction's extra
// round trips or Prisma's per-query cost. This runs on every sign-in; see `npm run bench`.
// The pending login is written only while the account's password is still the one just verified
// ($13), read under a share lock: a password change (a recovery) holds the account's row lock, so
// a sign-in racing it either commits first and is ended by the change, or waits and finds the
// password changed.
// Prisma keeps DateTime columns as UTC in a column without a time zone; pg would send a Date in
// the server's local time, so the expiry goes as an ISO instant and is turned into UTC here.
const CREATE_PENDING_LOGIN = {
  name: 'create-pending-login',
  text: `
    WITH pending AS (
      INSERT INTO "PendingLogin" ("id", "tokenHash", "userId", "expiresAt", "ip", "userAgent", "mustEnrol", "alternativeLoginId", "isRestricted")
      SELECT $1::uuid, $2, u."id", ($4::timestamptz AT TIME ZONE 'UTC'), $5, $6, $10, $11::uuid, $12
      FROM "User" u WHERE u."id" = $3::uuid AND ($13::text IS NULL OR u."passwordHash" = $13::text)
      FOR SHARE
      RETURNING "userId"
    ), cleared AS (
      ${clearFailuresSql('$7')} AND EXISTS (SELECT 1 FROM pending)
    )
    INSERT INTO "AuditEvent" ("id", "userId", "type", "actorKind", "ip", "userAgent")
    SELECT $8::uuid, "userId", $9, 'VISITOR', $5, $6 FROM pending`,
};

/**
 * Starts the wait for a second factor, and forgets the failures of `clearingFailuresOf` (the
 * password's throttle key) in the same statement; null forgets none (an alternative login proves
 * nothing about the account password, so it must not wipe that password's failure count).
 */
export async function createPendingLogin({
  userId,
  request,
  clearingFailuresOf,
  mustEnrol = false,
  alternativeLogin = null,
  verifiedPasswordHash = null,
}: {
  userId: string;
  request: RequestContext;
  clearingFailuresOf: string | null;
  /** The account password's hash the sign-in verified (null: an alternative login, no account password). */
  verifiedPasswordHash?: string | null;
  /** The account must set up a second factor before it gets a session (its brand requires one). */
  mustEnrol?: boolean;
  /** The alternative login typed instead of the account password, and whether it is restricted. */
  alternativeLogin?: { id: string; isRestricted: boolean } | null;
}): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PENDING_LOGIN_TTL_MS);
  const auditType: AuditEventType = 'sign_in.password_verified';
  const id = randomUUID();
  const { rowCount } = await getPgPool().query({
    ...CREATE_PENDING_LOGIN,
    values: [id, hashToken(token), userId, expiresAt.toISOString(), request.ip, request.userAgent, failureRowKeys(clearingFailuresOf ? [clearingFailuresOf] : []), randomUUID(), auditType, mustEnrol, alternativeLogin?.id ?? null, alternativeLogin?.isRestricted ?? false, verifiedPasswordHash],
  });
  // The password changed between its check and now: the one typed is no longer the account's.
  if (rowCount !== 1) throw new AppError('INVALID_CREDENTIALS');
  return { id, token, expiresAt };
}

/** The live pending login a cookie points at, or null when it is unknown, used up or expired. */
export async function findPendingLogin({ token }: { token: string | null }): Promise<PendingLogin | null> {
  if (!token || token.length > 100) return null;
  const row = await prisma.pendingLogin.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      consumedAt: true,
      failedAttempts: true,
      mustEnrol: true,
      isRestricted: true,
      alternativeLogin: { select: { id: true, kind: true } },
      user: { select: { email: true } },
    },
  });
  if (!row || row.consumedAt || row.expiresAt <= new Date() || row.failedAttempts >= MAX_CODE_ATTEMPTS_PER_LOGIN) return null;
  return {
    id: row.id,
    userId: row.userId,
    email: row.user.email,
    expiresAt: row.expiresAt,
    mustEnrol: row.mustEnrol,
    alternativeLogin: row.alternativeLogin,
    isRestricted: row.isRestricted,
  };
}

/** Claimed with a conditional update so two parallel requests cannot both finish one login. */
export async function consumePendingLogin(tx: Tx, { id }: { id: string }): Promise<void> {
  const { count } = await tx.pendingLogin.updateMany({
    // `lte`: the attempt that succeeds was itself claimed by claimPendingLoginAttempt.
    where: { id, consumedAt: null, expiresAt: { gt: new Date() }, failedAttempts: { lte: MAX_CODE_ATTEMPTS_PER_LOGIN } },
    data: { consumedAt: new Date() },
  });
  if (count !== 1) throw new AppError('LOGIN_EXPIRED');
}

/**
 * Takes one of this login's attempts before its code is checked, claimed with a conditional
 * update so that parallel requests cannot check more codes than the login allows. False when
 * none is left. A wrong code keeps its attempt; one that was never checked gives it back.
 */
export async function claimPendingLoginAttempt({ id }: { id: string }): Promise<boolean> {
  const { count } = await prisma.pendingLogin.updateMany({
    where: { id, consumedAt: null, expiresAt: { gt: new Date() }, failedAttempts: { lt: MAX_CODE_ATTEMPTS_PER_LOGIN } },
    data: { failedAttempts: { increment: 1 } },
  });
  return count === 1;
}

/** For an attempt whose code was never checked (the throttle refused it first). */
export async function releasePendingLoginAttempt({ id }: { id: string }): Promise<void> {
  await prisma.pendingLogin.updateMany({ where: { id, failedAttempts: { gt: 0 } }, data: { failedAttempts: { decrement: 1 } } });
}

/** After a wrong code: whether the login has used up its attempts. */
export async function isPendingLoginExhausted({ id }: { id: string }): Promise<boolean> {
  const row = await prisma.pendingLogin.findUniqueOrThrow({ where: { id }, select: { failedAttempts: true } });
  return row.failedAttempts >= MAX_CODE_ATTEMPTS_PER_LOGIN;
}
