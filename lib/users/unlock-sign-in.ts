import { changeAccount, type SupportRequest } from '@/lib/access/change-account';
import { failureRowKeys } from '@/lib/rate-limit/failure-throttle';
import { accountLockKeys } from '@/lib/core/factor-kinds/lock-keys';

/**
 * After 100 failures a sign-in method locks until a success, and the user is told to contact
 * support: this is that unlock. It clears every lock a user can be told to ask support about
 * (the password, every kind of second factor, and adding one), in the transaction that writes
 * its audit row and queues the user's e-mail.
 */
export async function unlockSignIn({ actor, userId, reason, code = null, expectedBrandId }: SupportRequest): Promise<void> {
  const request = { actor, userId, reason, expectedBrandId, reauth: { code } };
  await changeAccount({ ...request, action: 'sign_in.unlock', audit: 'sign_in.unlocked', notice: 'sign_in.unlocked' }, async (tx, mailbox) => {
    const { count } = await tx.rateLimit.deleteMany({ where: { key: { in: failureRowKeys(accountLockKeys(mailbox)) } } });
    return { result: undefined, detail: { clearedCounters: count } };
  });
}
