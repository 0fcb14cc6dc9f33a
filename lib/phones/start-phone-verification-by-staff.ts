import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { hasAuthenticatorApp, MFA_STATE_SELECT } from '@/lib/mfa/is-mfa-enabled';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { assertMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { checkNewPhoneNumber } from './check-new-phone-number';

// Console requests share one per-IP send allowance.
const CONSOLE = { ip: 'console', userAgent: 'gatehouse command line' } as const;

/**
 * Staff add a backup phone for a user when the platform does not let users do it themselves
 * (`npx gatehouse phone add`). The number is still verified: the code goes to it and the user
 * reads it back to staff, who enter it with confirmPhone (`gatehouse phone confirm`). Staff never
 * choose or see a secret that proves anything without the phone.
 */
export async function startPhoneVerificationByStaff({
  email,
  number,
  country,
  channel,
}: {
  email: string;
  number: string;
  country: string;
  channel: 'SMS' | 'VOICE';
}): Promise<IssuedCode & { user: { id: string; email: string } }> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, ...MFA_STATE_SELECT } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  assertMayAddFactor({
    policy: await getPlatformPolicy(),
    provider: channel === 'SMS' ? 'sms' : 'voice',
    hasAuthenticatorApp: hasAuthenticatorApp(user),
    by: 'staff',
  });
  const parsed = await checkNewPhoneNumber({ userId: user.id, number, country });
  const issued = await issueOneTimeCode({
    scope: { purpose: 'VERIFY_PHONE', userId: user.id },
    channel,
    destination: parsed.number,
    countryCode: parsed.countryCode,
    request: CONSOLE,
  });
  return { ...issued, user: { id: user.id, email: user.email } };
}
