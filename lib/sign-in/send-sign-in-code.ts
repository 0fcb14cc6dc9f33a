import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { methodOfChannel } from '@/lib/core/factor-kinds';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';
import { resolveSignInAttempt, type SignInAttemptRef } from './sign-in-attempt';

export type SignInCodeTarget = { channel: 'SMS' | 'VOICE'; phoneId: string } | { channel: 'EMAIL' };

/**
 * "Text me a code", "Call me", "E-mail me a code" at the token prompt. Codes go only to the
 * user's confirmed phones and alternate address, and are bound to this pending login.
 */
export async function sendSignInCode({ target, ...ref }: SignInAttemptRef & { target: SignInCodeTarget }): Promise<IssuedCode> {
  const attempt = await resolveSignInAttempt(ref);
  if (!attempt) throw new AppError('LOGIN_EXPIRED');
  if (attempt.mustEnrol) throw new AppError('ENROLMENT_REQUIRED');
  const { pendingLogin, actor } = attempt;
  const { settings } = await getEffectivePolicy({ userId: pendingLogin.userId });
  if (!isAvailable(settings, methodOfChannel(target.channel))) throw new AppError('METHOD_NOT_AVAILABLE');
  // An SMS password's sign-in is finished by a text to the mobile number, and by nothing else.
  const isSmsPassword = pendingLogin.alternativeLogin?.kind === 'SMS_PASSWORD';
  if (isSmsPassword && target.channel !== 'SMS') throw new AppError('METHOD_NOT_AVAILABLE');
  const scope = { purpose: 'SIGN_IN' as const, userId: pendingLogin.userId, pendingLoginId: pendingLogin.id };
  if (target.channel === 'EMAIL') {
    const alternate = await prisma.alternateEmail.findUnique({ where: { userId: pendingLogin.userId }, select: { address: true } });
    if (!alternate) throw new AppError('METHOD_NOT_AVAILABLE');
    return issueOneTimeCode({ actor, scope, channel: 'EMAIL', destination: alternate.address });
  }
  const phone = await prisma.phone.findFirst({
    where: { id: target.phoneId, userId: pendingLogin.userId, ...(isSmsPassword ? { isMobileForSms: true } : {}) },
    select: { number: true, countryCode: true },
  });
  if (!phone) throw new AppError('METHOD_NOT_AVAILABLE');
  return issueOneTimeCode({ actor, scope, channel: target.channel, destination: phone.number, countryCode: phone.countryCode });
}
