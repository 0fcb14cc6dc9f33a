import { maskEmail } from '@/lib/alternate-email/mask-email';
import { prisma } from '@/lib/db/prisma';
import { maskPhoneNumber } from '@/lib/phones/mask-phone-number';
import type { Channel } from '@/lib/db/generated/enums';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isAvailable } from '@/lib/policy/policy-settings';

export type SignInOptions = {
  hasAuthenticatorApp: boolean;
  phones: Array<{ id: string; masked: string; canText: boolean; canCall: boolean }>;
  alternateEmail: { masked: string } | null;
  /** The code sent for this sign-in that is still live, if any. */
  sentCode: { channel: Channel; maskedDestination: string; expiresAt: Date } | null;
};

/** What the token prompt offers: only the methods this user has and policy allows them. */
export async function listSignInOptions({ pendingLogin }: { pendingLogin: { id: string; userId: string } }): Promise<SignInOptions> {
  const [{ settings: policy }, user, sentCode] = await Promise.all([
    getEffectivePolicy({ userId: pendingLogin.userId }),
    prisma.user.findUniqueOrThrow({
      where: { id: pendingLogin.userId },
      select: {
        totp: { select: { confirmedAt: true } },
        phones: { orderBy: { createdAt: 'asc' }, select: { id: true, number: true } },
        alternateEmail: { select: { address: true } },
      },
    }),
    prisma.oneTimeCode.findFirst({
      where: { pendingLoginId: pendingLogin.id, purpose: 'SIGN_IN', consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { channel: true, destination: true, expiresAt: true },
    }),
  ]);
  const canText = isAvailable(policy, 'sms');
  const canCall = isAvailable(policy, 'voice');
  return {
    hasAuthenticatorApp: Boolean(user.totp?.confirmedAt) && isAvailable(policy, 'totp'),
    phones: canText || canCall ? user.phones.map((phone) => ({ id: phone.id, masked: maskPhoneNumber(phone.number), canText, canCall })) : [],
    alternateEmail: user.alternateEmail && isAvailable(policy, 'email') ? { masked: maskEmail(user.alternateEmail.address) } : null,
    sentCode: sentCode
      ? {
          channel: sentCode.channel,
          maskedDestination: sentCode.channel === 'EMAIL' ? maskEmail(sentCode.destination) : maskPhoneNumber(sentCode.destination),
          expiresAt: sentCode.expiresAt,
        }
      : null,
  };
}
