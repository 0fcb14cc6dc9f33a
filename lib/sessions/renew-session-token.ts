import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { CurrentSession } from './get-current-session';

export type RenewedToken = { tokenId: string; secondFactorAt: Date };

/**
 * A session that proves a second factor (re-authentication, enabling an authenticator) gets a new
 * token in the same transaction: the cookie it had before the step no longer opens it, so a
 * session planted or copied earlier cannot ride on the factor (SECURITY.md "New session token at
 * each authentication step"). Claimed on the token it was read with, so of two steps racing only
 * one renews; the other is told to sign in again rather than hold a token that no longer works.
 * The caller adopts the result once the transaction has committed; the action wrapper then
 * sends the new cookie.
 */
export async function renewSessionToken(tx: Tx, session: { id: string; tokenId: string }): Promise<RenewedToken> {
  const renewed = { tokenId: randomUUID(), secondFactorAt: new Date() };
  const { count } = await tx.session.updateMany({
    where: { id: session.id, tokenId: session.tokenId, revokedAt: null },
    data: { tokenId: renewed.tokenId, secondFactorAt: renewed.secondFactorAt, secondFactorTokenId: renewed.tokenId },
  });
  if (count !== 1) throw new AppError('NOT_SIGNED_IN');
  return renewed;
}

/** After the commit: the rest of this request acts from the renewed session and token. */
export function adoptRenewedToken(current: CurrentSession, renewed: RenewedToken): void {
  current.session.tokenId = renewed.tokenId;
  current.session.secondFactorTokenId = renewed.tokenId;
  current.session.secondFactorAt = renewed.secondFactorAt;
}
