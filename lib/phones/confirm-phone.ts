import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { spendOneTimeCode } from '@/lib/mfa/one-time-codes/spend-one-time-code';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
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
  const keys = { account: `verify-phone:${user.id}`, ip: `verify:${request.ip}` };
  await beginAttempt(keys);
  let result: { number: string; messageId: string };
  try {
    result = await spendOneTimeCode({
      scope: { purpose: 'VERIFY_PHONE', userId: user.id },
      code,
      onVerified: async (tx, spent) => {
        await tx.phone.create({ data: { userId: user.id, number: spent.destination, countryCode: spent.countryCode ?? '' } });
        const what = `the backup phone ${maskPhoneNumber(spent.destination)}`;
        await recordAuditEvent(tx, { type: 'phone.added', userId: user.id, request, detail: { number: maskPhoneNumber(spent.destination) } });
        const messageId = await queueEmail(tx, { to: user.email, ...composeSecurityEmail({ notice: 'factor.added', request, at: new Date(), what }) });
        return { number: spent.destination, messageId };
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('ALREADY_ADDED');
    if (isAppError(error) && ['INVALID_CODE', 'CODE_EXPIRED', 'CODE_ALREADY_USED'].includes(error.code)) await recordFailure(keys);
    throw error;
  }
  await recordSuccess(keys);
  await deliverMessages([result.messageId]);
  return { number: result.number };
}
