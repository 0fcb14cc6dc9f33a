import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { assertMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { checkNewPhoneNumber } from './check-new-phone-number';

/**
 * "Add Phone Number", first step: the number is parsed to E.164 and a code goes to it by text or
 * call. Nothing is saved as a phone until confirmPhone() gets that code back.
 */
export async function startPhoneVerification({
  current,
  country,
  number,
  channel,
  code,
  request,
}: {
  current: CurrentSession;
  country: string;
  number: string;
  channel: 'SMS' | 'VOICE';
  /** Re-authentication: a current code, when the session's last second factor is not recent. */
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<IssuedCode> {
  const { user, session } = current;
  assertMayAddFactor({ policy: await getPlatformPolicy(), provider: channel === 'SMS' ? 'sms' : 'voice', hasAuthenticatorApp: user.hasAuthenticatorApp, by: 'self' });
  // Checked before re-authentication below, so a refusal never costs the user a backup code.
  const parsed = await checkNewPhoneNumber({ userId: user.id, number, country });
  // Adding a way in is a sensitive change: a second factor proven recently, or one now.
  if (user.isMfaEnabled) await confirmRecentSecondFactor({ user, session, code, request });
  return issueOneTimeCode({
    scope: { purpose: 'VERIFY_PHONE', userId: user.id },
    channel,
    destination: parsed.number,
    countryCode: parsed.countryCode,
    request,
  });
}
