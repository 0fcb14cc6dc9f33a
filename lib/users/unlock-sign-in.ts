import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { failureRowKeys } from '@/lib/rate-limit/failure-throttle';
import { accountLockKeys } from '@/lib/rate-limit/throttle-keys';
import { readSubject } from './read-subject';

/**
 * After 100 failures a sign-in method locks until a success, and the user is told to contact
 * support: this is that unlock. It clears every lock a user can be told to ask support about
 * (the password, every kind of second factor, and adding one), in the transaction that writes
 * its audit row and queues the user's e-mail.
 */
export async function unlockSignIn({ actor, userId }: { actor: Actor; userId: string }): Promise<void> {
  await authorize(actor, 'sign_in.unlock', { userId });
  const user = await readSubject(userId);
  const messageId = await prisma.$transaction(async (tx) => {
    await tx.rateLimit.deleteMany({ where: { key: { in: failureRowKeys(accountLockKeys(user)) } } });
    await recordAuditEvent(tx, { type: 'sign_in.unlocked', actor, subjectId: userId });
    return queueEmail(tx, { to: user.email, ...composeSecurityEmail({ notice: 'sign_in.unlocked', actor, at: new Date() }) });
  });
  await deliverMessages([messageId]);
}
