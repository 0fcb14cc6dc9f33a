import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { assertMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';

/**
 * An alternate address for e-mail codes: any address but the mailbox itself (a code sent to the
 * mailbox you are locked out of helps nobody). A code goes to it; it is saved once confirmed.
 */
export async function startAlternateEmailVerification({
  current,
  address,
  code,
  request,
}: {
  current: CurrentSession;
  address: string;
  /** Re-authentication: a current code, when the session's last second factor is not recent. */
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<IssuedCode> {
  const { user, session } = current;
  assertMayAddFactor({ policy: await getPlatformPolicy(), provider: 'email', hasAuthenticatorApp: user.hasAuthenticatorApp });
  if (address === user.email) {
    const message = 'Use an address other than this mailbox: if you cannot get into it, a code sent there cannot help.';
    throw new AppError('INVALID_INPUT', { message, fieldErrors: { address: [message] } });
  }
  if (await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { id: true } })) {
    throw new AppError('ALREADY_ADDED', { message: 'You already have an alternate address. Remove it first to use another.' });
  }
  if (user.isMfaEnabled) await confirmRecentSecondFactor({ user, session, code, request });
  return issueOneTimeCode({ scope: { purpose: 'VERIFY_EMAIL', userId: user.id }, channel: 'EMAIL', destination: address, request });
}
