import { maskDestination, promptOptions, SECOND_FACTOR_KINDS, stateSelect, type FactorPromptOption, type FactorRegistry } from '@/lib/core/factor-kinds';
import { poolRefusal } from '@/lib/credits/pool-refusal';
import { payingPool, readSmsPayer } from '@/lib/credits/read-sms-payer';
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
   * Why texts and calls cannot be paid, for a mailbox whose codes a pool pays (readSmsPayer): a
   * family or business account that does not allow SMS two-factor logins or whose pool is empty,
   * or (paidBy 'mailbox') the mailbox's own empty pool, with its brand's support to ask; null otherwise.
   */
  organisationSms:
    | { state: 'not-allowed' | 'empty'; paidBy: 'organisation' }
    | { state: 'empty'; paidBy: 'mailbox'; brandName: string; supportContact: string | null }
    | null;
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
  const [{ settings: policy }, user, sentCode, payer] = await Promise.all([
    getEffectivePolicy({ userId: pendingLogin.userId }),
    prisma.user.findUniqueOrThrow({
      where: { id: pendingLogin.userId },
      select: {
        ...stateSelect(kinds),
      },
    }),
    prisma.oneTimeCode.findFirst({
      where: { pendingLoginId: pendingLogin.id, purpose: 'SIGN_IN', consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { channel: true, destination: true, expiresAt: true },
    }),
    readSmsPayer(pendingLogin.userId),
  ]);
  // The prompt asks the debit's own questions (readSmsPayer: which pool pays; poolRefusal: can it),
  // per channel: the message is about texts; a call the pool cannot pay while it can pay a text is
  // simply not offered. An organisation's consent is read from the effective policy.
  const paying = payingPool(payer);
  const pool = paying && payer.kind === 'organisation' ? { ...paying, allowSmsLogins: policy.allowSmsLogins } : paying;
  const organisationSms = pool ? poolRefusal(pool, 'SMS') : null;
  const callUnpaid = pool !== null && organisationSms === null && poolRefusal(pool, 'VOICE') !== null;
  // Texts and calls the organisation does not allow are not offered at all; an empty pool still
  // shows them (credits may be bought meanwhile), and the prompt says it is empty.
  const offered = promptOptions(user, policy, { isSmsPassword, smsNotAllowed: organisationSms === 'not-allowed', callUnpaid }, kinds);
  return {
    offered,
    isSmsPassword,
    organisationSms: !organisationSms
      ? null
      : payer.kind === 'mailbox'
        ? // An empty own pool never locks the mailbox out: the prompt names its other methods and its brand's support.
          { state: 'empty', paidBy: 'mailbox', brandName: payer.brandName, supportContact: payer.supportContact }
        : { state: organisationSms, paidBy: 'organisation' },
    sentCode: sentCode
      ? {
          channel: sentCode.channel,
          maskedDestination: maskDestination(sentCode.channel, sentCode.destination),
          expiresAt: sentCode.expiresAt,
        }
      : null,
  };
}
