import { createHash, randomBytes } from 'node:crypto';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';

// Between the password and the second factor there is no session, only this record: 10 minutes,
// its own attempt counter, consumed on success (ASVS 5 7.2.4). The cookie holds a random value
// whose SHA-256 is the row's key, so a leaked database row cannot be replayed as a cookie.
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS_PER_LOGIN = 5;

export type PendingLogin = { id: string; userId: string; email: string; expiresAt: Date };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createPendingLogin(
  tx: Tx,
  { userId, request }: { userId: string; request: RequestContext },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PENDING_LOGIN_TTL_MS);
  await tx.pendingLogin.create({
    data: { tokenHash: hashToken(token), userId, expiresAt, ip: request.ip, userAgent: request.userAgent },
  });
  return { token, expiresAt };
}

/** The live pending login a cookie points at, or null when it is unknown, used up or expired. */
export async function findPendingLogin({ token }: { token: string | null }): Promise<PendingLogin | null> {
  if (!token || token.length > 100) return null;
  const row = await prisma.pendingLogin.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, expiresAt: true, consumedAt: true, failedAttempts: true, user: { select: { email: true } } },
  });
  if (!row || row.consumedAt || row.expiresAt <= new Date() || row.failedAttempts >= MAX_CODE_ATTEMPTS_PER_LOGIN) return null;
  return { id: row.id, userId: row.userId, email: row.user.email, expiresAt: row.expiresAt };
}

/** Claimed with a conditional update so two parallel requests cannot both finish one login. */
export async function consumePendingLogin(tx: Tx, { id }: { id: string }): Promise<void> {
  const { count } = await tx.pendingLogin.updateMany({
    where: { id, consumedAt: null, expiresAt: { gt: new Date() }, failedAttempts: { lt: MAX_CODE_ATTEMPTS_PER_LOGIN } },
    data: { consumedAt: new Date() },
  });
  if (count !== 1) throw new AppError('LOGIN_EXPIRED');
}

/** A wrong code spends one of this login's attempts; the last one ends the login. */
export async function countPendingLoginFailure({ id }: { id: string }): Promise<{ isExhausted: boolean }> {
  const row = await prisma.pendingLogin.update({
    where: { id },
    data: { failedAttempts: { increment: 1 } },
    select: { failedAttempts: true },
  });
  return { isExhausted: row.failedAttempts >= MAX_CODE_ATTEMPTS_PER_LOGIN };
}
