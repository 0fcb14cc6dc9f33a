import type { Actor } from '@/lib/core/actor';
import { authorizeAccountChange } from '@/lib/access/change-account';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { issueOneTimeCode, type IssuedCode } from '@/lib/mfa/one-time-codes/issue-one-time-code';
import { checkMayAddFactor } from '@/lib/policy/assert-may-add-factor';
import { checkNewAlternateEmail } from './check-new-alternate-email';

/**
 * An alternate address for e-mail codes: a code goes to it; it is saved once confirmed. Staff and
 * the console add one for a user the same way (`gatehouse alternate-email add`); the user reads
 * the code back to them.
 */
export async function startAlternateEmailVerification({
  actor,
  userId,
  address,
  code = null,
}: {
  actor: Actor;
  userId: string;
  address: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<IssuedCode> {
  const normalized = address.trim().toLowerCase();
  // The code sent is the change; it is saved, audited and told by confirmAlternateEmail.
  await authorizeAccountChange({
    actor,
    userId,
    action: 'factor.add',
    reauth: { code, exceptOwnerWithoutFactor: true },
    check: async () => {
      const subject = await checkMayAddFactor({ actor, userId, method: 'email' });
      await checkNewAlternateEmail({ user: subject, address: normalized });
    },
  });
  return issueOneTimeCode({ actor, scope: { purpose: 'VERIFY_EMAIL', userId }, channel: 'EMAIL', destination: normalized });
}
