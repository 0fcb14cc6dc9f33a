import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { hasAuthenticatorApp, MFA_STATE_SELECT } from '@/lib/mfa/is-mfa-enabled';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { assertMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { checkNewAlternateEmail } from './check-new-alternate-email';

/**
 * Staff add an alternate address for a user when users may not do it themselves
 * (`npx gatehouse alternate-email add`). It is still verified: the code goes to the address and
 * the user reads it back to staff, who enter it with confirmAlternateEmail.
 */
export async function startAlternateEmailVerificationByStaff({
  email,
  address,
}: {
  email: string;
  address: string;
}): Promise<IssuedCode & { user: { id: string; email: string } }> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, ...MFA_STATE_SELECT } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  assertMayAddFactor({ policy: await getPlatformPolicy(), provider: 'email', hasAuthenticatorApp: hasAuthenticatorApp(user), by: 'staff' });
  const normalized = address.trim().toLowerCase();
  await checkNewAlternateEmail({ user, address: normalized });
  const issued = await issueOneTimeCode({
    scope: { purpose: 'VERIFY_EMAIL', userId: user.id },
    channel: 'EMAIL',
    destination: normalized,
    request: { ip: 'console', userAgent: 'gatehouse command line' },
  });
  return { ...issued, user: { id: user.id, email: user.email } };
}
