import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Actor } from '@/lib/core/actor';
import { readSubject } from '@/lib/users/read-subject';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { maskEmail } from '@/lib/core/mask';

/** The code sent to the new address proves it; only now is it saved. */
export async function confirmAlternateEmail({
  actor,
  userId,
  code,
}: {
  actor: Actor;
  userId: string;
  code: string;
}): Promise<{ address: string }> {
  return confirmDestination({
    actor,
    userId,
    purpose: 'VERIFY_EMAIL',
    code,
    save: async (tx, spent) => {
      const user = await readSubject(userId);
      await tx.alternateEmail.create({ data: { userId: user.id, address: spent.destination } });
      const masked = maskEmail(spent.destination);
      await recordAuditEvent(tx, { type: 'alternate_email.added', actor, subjectId: userId, detail: { address: masked } });
      // The notice goes to the mailbox itself, where the owner will see it.
      const messageId = await queueEmail(tx, {
        to: user.email,
        ...composeSecurityEmail({ notice: 'factor.added', actor, at: new Date(), what: `the alternate e-mail address ${masked}` }),
      });
      return { result: { address: spent.destination }, messageId };
    },
  });
}
