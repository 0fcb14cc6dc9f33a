import { selfActor } from '@/lib/core/actor';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { verifySecondFactor } from './verify-second-factor';
import { AppError } from '@/lib/errors/app-error';
import { adoptRenewedToken, renewSessionToken } from '@/lib/sessions/renew-session-token';

// A second factor proven this recently in the same session is enough for sensitive changes
// (ASVS 5 7.5.1); after that the change asks for a current code again.
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

export function hasRecentSecondFactor(session: { secondFactorAt: Date | null }, now = new Date()): boolean {
  return Boolean(session.secondFactorAt && now.getTime() - session.secondFactorAt.getTime() < REAUTH_WINDOW_MS);
}

/**
 * Passes when the session proved a factor recently, or when `code` proves one now; then the
 * session's token is renewed (the action wrapper sends the new cookie).
 */
export async function confirmRecentSecondFactor({
  current,
  code,
  request,
}: {
  current: CurrentSession;
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<void> {
  const { user, session } = current;
  if (hasRecentSecondFactor(session)) return;
  if (!code) throw new AppError('REAUTH_REQUIRED');
  const renewed = await verifySecondFactor({
    // The person proving a factor is the session's own user, whatever role they act in.
    actor: selfActor(current, request),
    userId: user.id,
    code,
    failureEvent: 'sign_in.second_factor_failed',
    // An authentication step: the session gets a new token with its fresh second factor.
    onVerified: (tx) => renewSessionToken(tx, session),
  });
  adoptRenewedToken(current, renewed);
}
