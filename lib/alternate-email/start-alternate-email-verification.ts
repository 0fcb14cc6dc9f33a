import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { assertMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { checkNewAlternateEmail } from './check-new-alternate-email';

/** An alternate address for e-mail codes: a code goes to it; it is saved once confirmed. */
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
  assertMayAddFactor({ policy: await getPlatformPolicy(), provider: 'email', hasAuthenticatorApp: user.hasAuthenticatorApp, by: 'self' });
  await checkNewAlternateEmail({ user, address });
  if (user.isMfaEnabled) await confirmRecentSecondFactor({ user, session, code, request });
  return issueOneTimeCode({ scope: { purpose: 'VERIFY_EMAIL', userId: user.id }, channel: 'EMAIL', destination: address, request });
}
