import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RequestContext } from '@/lib/http/request-context';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { maskEmail } from './mask-email';

/** The code sent to the new address proves it; only now is it saved. */
export async function confirmAlternateEmail({
  user,
  code,
  request,
}: {
  user: { id: string; email: string };
  code: string;
  request: RequestContext;
}): Promise<{ address: string }> {
  return confirmDestination({
    user,
    purpose: 'VERIFY_EMAIL',
    code,
    request,
    save: async (tx, spent) => {
      await tx.alternateEmail.create({ data: { userId: user.id, address: spent.destination } });
      const masked = maskEmail(spent.destination);
      await recordAuditEvent(tx, { type: 'alternate_email.added', userId: user.id, request, detail: { address: masked } });
      // The notice goes to the mailbox itself, where the owner will see it.
      const messageId = await queueEmail(tx, {
        to: user.email,
        ...composeSecurityEmail({ notice: 'factor.added', request, at: new Date(), what: `the alternate e-mail address ${masked}` }),
      });
      return { result: { address: spent.destination }, messageId };
    },
  });
}
