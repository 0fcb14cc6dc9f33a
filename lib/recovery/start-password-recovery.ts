import { RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { clientKey } from '@/lib/rate-limit/client-key';
import { limiter } from '@/lib/rate-limit/limiters';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { SELF_RECOVERY_TTL_MS } from './find-live-recovery';
import { hashRecoverySecret, newRecoverySecret } from './recovery-secret';

/** Recoveries one client address may start in an hour: each is a row, and a search for mailboxes. */
const STARTS_PER_CLIENT_PER_HOUR = 30;

/** The signed-in session of the browser asking, if any: a restricted one may not recover its own account. */
export type AskingSession = { userId: string; isRestricted: boolean } | null;

/**
 * A restricted login (a kiosk's SMS password or list) neither starts nor finishes a recovery of its
 * own account: that would turn a login that may change nothing into a new account password.
 */
export function refuseRestrictedOwnRecovery(session: AskingSession, userId: string | null): void {
  if (userId && session?.isRestricted && session.userId === userId) throw new AppError('RECOVERY_FOR_SIGNED_IN_ACCOUNT');
}

/**
 * "Forgot password?": a new recovery for the address typed, and the secret for the browser's
 * cookie. Every address takes the same path, the same work (one look-up, one row written) and
 * gets the same answer: an address that is no mailbox gets a row without a user, which the next
 * page shows with decoy destinations and which can never end in a change (SECURITY.md: "Same
 * response for unknown and existing accounts at sign-in and reset").
 */
export async function startPasswordRecovery({
  email,
  request,
  session = null,
}: {
  email: string;
  request: RequestContext;
  session?: AskingSession;
}): Promise<{ secret: string; expiresAt: Date }> {
  const parsed = z.object({ email: ZEmailSchema }).safeParse({ email });
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const address = parsed.data.email;
  try {
    await limiter('recovery-start', { points: STARTS_PER_CLIENT_PER_HOUR, durationSeconds: 3600 }).consume(clientKey(request.ip));
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) });
    throw rejection;
  }
  const user = await prisma.user.findUnique({ where: { email: address }, select: { id: true } });
  // A restricted login (a kiosk's) must not turn into the account password: it is told so, which
  // tells it nothing it does not know (it is signed in to that account).
  refuseRestrictedOwnRecovery(session, user?.id ?? null);
  const secret = newRecoverySecret();
  const expiresAt = new Date(Date.now() + SELF_RECOVERY_TTL_MS);
  await prisma.passwordRecovery.create({
    data: {
      tokenHash: hashRecoverySecret(secret),
      userId: user?.id ?? null,
      email: address,
      origin: 'SELF',
      ip: request.ip,
      userAgent: request.userAgent,
      expiresAt,
    },
    select: { id: true },
  });
  return { secret, expiresAt };
}
