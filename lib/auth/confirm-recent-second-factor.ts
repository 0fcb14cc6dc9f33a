import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
import { AppError } from '@/lib/errors/app-error';

// A second factor proven this recently in the same session is enough for sensitive changes
// (ASVS 5 7.5.1); after that the change asks for a current code again.
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

export function hasRecentSecondFactor(session: { secondFactorAt: Date | null }, now = new Date()): boolean {
  return Boolean(session.secondFactorAt && now.getTime() - session.secondFactorAt.getTime() < REAUTH_WINDOW_MS);
}

/** Passes when the session proved a factor recently, or when `code` proves one now. */
export async function confirmRecentSecondFactor({
  user,
  session,
  code,
  request,
}: {
  user: { id: string };
  session: { id: string; secondFactorAt: Date | null };
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<void> {
  if (hasRecentSecondFactor(session)) return;
  if (!code) throw new AppError('REAUTH_REQUIRED', { fieldErrors: { code: ['Enter a current code to confirm it is you.'] } });
  await verifySecondFactor({
    userId: user.id,
    code,
    request,
    failureEvent: 'sign_in.second_factor_failed',
    onVerified: async (tx) => {
      await tx.session.update({ where: { id: session.id }, data: { secondFactorAt: new Date() } });
    },
  });
}
