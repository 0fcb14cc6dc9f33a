import { maskEmail } from '@/lib/core/mask';
import { poolRefusal } from '@/lib/credits/pool-refusal';
import { prisma } from '@/lib/db/prisma';
import { maskPhoneNumber } from '@/lib/core/mask';
import type { Channel } from '@/lib/db/generated/enums';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';
import type { PendingLogin } from '@/lib/sign-in/pending-login';

export type SignInOptions = {
  hasAuthenticatorApp: boolean;
  phones: Array<{ id: string; masked: string; canText: boolean; canCall: boolean }>;
  alternateEmail: { masked: string } | null;
  /**
   * For a member of a family or business account: why its texts and calls cannot be paid (the
   * organisation does not allow SMS two-factor logins, or its pool is empty); null otherwise.
   */
  organisationSms: { state: 'not-allowed' | 'empty' } | null;
  /** Signing in with an SMS password: only the text to the mobile number finishes it. */
  isSmsPassword: boolean;
  /** The code sent for this sign-in that is still live, if any. */
  sentCode: { channel: Channel; maskedDestination: string; expiresAt: Date } | null;
};

/** What the token prompt offers: only the methods this user has and policy allows them. */
export async function listSignInOptions({
  pendingLogin,
}: {
  pendingLogin: Pick<PendingLogin, 'id' | 'userId'> & Partial<Pick<PendingLogin, 'alternativeLogin'>>;
}): Promise<SignInOptions> {
  // An SMS password's sign-in takes only a text to the mobile number (completeSignIn holds it).
  const isSmsPassword = pendingLogin.alternativeLogin?.kind === 'SMS_PASSWORD';
  const [{ settings: policy }, user, sentCode] = await Promise.all([
    getEffectivePolicy({ userId: pendingLogin.userId }),
    prisma.user.findUniqueOrThrow({
      where: { id: pendingLogin.userId },
      select: {
        totp: { select: { confirmedAt: true } },
        phones: { orderBy: { createdAt: 'asc' }, where: isSmsPassword ? { isMobileForSms: true } : {}, select: { id: true, number: true } },
        alternateEmail: { select: { address: true } },
        organisationMembership: { select: { organisation: { select: { allowSmsLogins: true, creditBalance: true } } } },
      },
    }),
    prisma.oneTimeCode.findFirst({
      where: { pendingLoginId: pendingLogin.id, purpose: 'SIGN_IN', consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { channel: true, destination: true, expiresAt: true },
    }),
  ]);
  const organisation = user.organisationMembership?.organisation ?? null;
  const organisationSms = organisation ? poolRefusal({ allowSmsLogins: policy.allowSmsLogins, creditBalance: organisation.creditBalance }, isAvailable(policy, 'voice') && !isSmsPassword ? 'VOICE' : 'SMS') : null;
  // Texts and calls the organisation does not allow are not offered at all; an empty pool still
  // shows them (credits may be bought meanwhile), and the prompt says it is empty.
  const canText = isAvailable(policy, 'sms') && organisationSms !== 'not-allowed';
  const canCall = isAvailable(policy, 'voice') && organisationSms !== 'not-allowed';
  return {
    hasAuthenticatorApp: !isSmsPassword && Boolean(user.totp?.confirmedAt) && isAvailable(policy, 'totp'),
    phones:
      canText || canCall
        ? user.phones.map((phone) => ({ id: phone.id, masked: maskPhoneNumber(phone.number), canText, canCall: canCall && !isSmsPassword }))
        : [],
    alternateEmail: !isSmsPassword && user.alternateEmail && isAvailable(policy, 'email') ? { masked: maskEmail(user.alternateEmail.address) } : null,
    isSmsPassword,
    organisationSms: organisationSms ? { state: organisationSms } : null,
    sentCode: sentCode
      ? {
          channel: sentCode.channel,
          maskedDestination: sentCode.channel === 'EMAIL' ? maskEmail(sentCode.destination) : maskPhoneNumber(sentCode.destination),
          expiresAt: sentCode.expiresAt,
        }
      : null,
  };
}
