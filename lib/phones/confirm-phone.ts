import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RequestContext } from '@/lib/http/request-context';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { maskPhoneNumber } from './mask-phone-number';

/** "Add Phone Number", last step: the code that went to the number proves it; only now is it saved. */
export async function confirmPhone({
  user,
  code,
  request,
}: {
  user: { id: string; email: string };
  code: string;
  request: RequestContext;
}): Promise<{ number: string }> {
  return confirmDestination({
    user,
    purpose: 'VERIFY_PHONE',
    code,
    request,
    save: async (tx, spent) => {
      await tx.phone.create({ data: { userId: user.id, number: spent.destination, countryCode: spent.countryCode ?? '' } });
      const masked = maskPhoneNumber(spent.destination);
      await recordAuditEvent(tx, { type: 'phone.added', userId: user.id, request, detail: { number: masked } });
      const messageId = await queueEmail(tx, {
        to: user.email,
        ...composeSecurityEmail({ notice: 'factor.added', request, at: new Date(), what: `the backup phone ${masked}` }),
      });
      return { result: { number: spent.destination }, messageId };
    },
  });
}
