import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Actor } from '@/lib/core/actor';
import { readSubject } from '@/lib/users/read-subject';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { maskPhoneNumber } from '@/lib/core/mask';

/** "Add Phone Number", last step: the code that went to the number proves it; only now is it saved. */
export async function confirmPhone({
  actor,
  userId,
  code,
}: {
  actor: Actor;
  userId: string;
  code: string;
}): Promise<{ number: string }> {
  return confirmDestination({
    actor,
    userId,
    purpose: 'VERIFY_PHONE',
    code,
    save: async (tx, spent) => {
      const user = await readSubject(userId);
      await tx.phone.create({ data: { userId: user.id, number: spent.destination, countryCode: spent.countryCode ?? '' } });
      const masked = maskPhoneNumber(spent.destination);
      await recordAuditEvent(tx, { type: 'phone.added', actor, subjectId: userId, detail: { number: masked } });
      const messageId = await queueEmail(tx, {
        to: user.email,
        ...composeSecurityEmail({ notice: 'factor.added', actor, at: new Date(), what: `the backup phone ${masked}` }),
      });
      return { result: { number: spent.destination }, messageId };
    },
  });
}
