import { maskDestination, promptOptions, SECOND_FACTOR_KINDS, stateSelect, type FactorPromptOption, type FactorRegistry } from '@/lib/core/factor-kinds';
import { poolRefusal } from '@/lib/credits/pool-refusal';
import { prisma } from '@/lib/db/prisma';
import type { Channel } from '@/lib/db/generated/enums';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import type { PendingLogin } from './pending-login';

export type SignInOptions = {
  /**
   * What the prompt offers, one entry per kind and holding (each kind's `promptOption`), in the
   * registry's order with a phone's text and call together. The prompt renders one component per kind.
   */
  offered: FactorPromptOption[];
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
  kinds = SECOND_FACTOR_KINDS,
}: {
  pendingLogin: Pick<PendingLogin, 'id' | 'userId'> & Partial<Pick<PendingLogin, 'alternativeLogin'>>;
  /** The registry the options come from; a test hands in one with a kind of its own. */
  kinds?: FactorRegistry;
}): Promise<SignInOptions> {
  // An SMS password's sign-in takes only a text to the mobile number (completeSignIn holds it).
  const isSmsPassword = pendingLogin.alternativeLogin?.kind === 'SMS_PASSWORD';
  const [{ settings: policy }, user, sentCode] = await Promise.all([
    getEffectivePolicy({ userId: pendingLogin.userId }),
    prisma.user.findUniqueOrThrow({
      where: { id: pendingLogin.userId },
      select: {
        ...stateSelect(kinds),
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
  // The prompt asks the debit's own question (poolRefusal), per channel: the message is about
  // texts; a call the pool cannot pay while it can pay a text is simply not offered.
  const pool = organisation ? { allowSmsLogins: policy.allowSmsLogins, creditBalance: organisation.creditBalance } : null;
  const organisationSms = pool ? poolRefusal(pool, 'SMS') : null;
  const callUnpaid = pool !== null && organisationSms === null && poolRefusal(pool, 'VOICE') !== null;
  // Texts and calls the organisation does not allow are not offered at all; an empty pool still
  // shows them (credits may be bought meanwhile), and the prompt says it is empty.
  const offered = promptOptions(user, policy, { isSmsPassword, smsNotAllowed: organisationSms === 'not-allowed', callUnpaid }, kinds);
  return {
    offered,
    isSmsPassword,
    organisationSms: organisationSms ? { state: organisationSms } : null,
    sentCode: sentCode
      ? {
          channel: sentCode.channel,
          maskedDestination: maskDestination(sentCode.channel, sentCode.destination),
          expiresAt: sentCode.expiresAt,
        }
      : null,
  };
}
