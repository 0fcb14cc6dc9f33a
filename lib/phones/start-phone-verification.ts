import type { Actor } from '@/lib/core/actor';
import { authorizeAccountChange } from '@/lib/access/change-account';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { methodOfChannel } from '@/lib/core/factor-kinds';
import { checkMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { checkNewPhoneNumber } from './check-new-phone-number';

/**
 * "Add Phone Number", first step: the number is parsed to E.164 and a code goes to it by text or
 * call. Nothing is saved as a phone until confirmPhone() gets that code back. Staff and the
 * console add phones for users this way too (`gatehouse phone add`), when policy keeps a method
 * from self-service: the user reads the code back to them, so staff never choose or see a secret
 * that proves anything without the phone.
 */
export async function startPhoneVerification({
  actor,
  userId,
  country,
  number,
  channel,
  code = null,
}: {
  actor: Actor;
  userId: string;
  country: string;
  number: string;
  channel: 'SMS' | 'VOICE';
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<IssuedCode> {
  let parsed = null as Awaited<ReturnType<typeof checkNewPhoneNumber>> | null;
  // Adding a way in is a sensitive change: a second factor proven recently, or one now. The code
  // sent is the change; it is saved, audited and told by confirmPhone.
  await authorizeAccountChange({
    actor,
    userId,
    action: 'factor.add',
    reauth: { code, exceptOwnerWithoutFactor: true },
    // Checked before re-authentication, so a refusal never costs the user a backup code.
    check: async () => {
      await checkMayAddFactor({ actor, userId, method: methodOfChannel(channel) });
      parsed = await checkNewPhoneNumber({ userId, number, country });
    },
  });
  if (!parsed) throw new Error('startPhoneVerification: the number was not checked');
  return issueOneTimeCode({
    actor,
    scope: { purpose: 'VERIFY_PHONE', userId },
    channel,
    destination: parsed.number,
    countryCode: parsed.countryCode,
  });
}
