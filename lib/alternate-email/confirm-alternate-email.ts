import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { spendOneTimeCode } from '@/lib/mfa/one-time-codes/spend-one-time-code';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { beginAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { maskEmail } from './mask-email';

export async function confirmAlternateEmail({
  user,
  code,
  request,
}: {
  user: { id: string; email: string };
  code: string;
  request: RequestContext;
}): Promise<{ address: string }> {
  const keys = { account: `verify-email:${user.id}`, ip: `verify:${request.ip}` };
  await beginAttempt(keys);
  let result: { address: string; messageId: string };
  try {
    result = await spendOneTimeCode({
      scope: { purpose: 'VERIFY_EMAIL', userId: user.id },
      code,
      onVerified: async (tx, spent) => {
        await tx.alternateEmail.create({ data: { userId: user.id, address: spent.destination } });
        const masked = maskEmail(spent.destination);
        await recordAuditEvent(tx, { type: 'alternate_email.added', userId: user.id, request, detail: { address: masked } });
        // The notice goes to the mailbox itself, where the owner will see it.
        const messageId = await queueEmail(tx, {
          to: user.email,
          ...composeSecurityEmail({ notice: 'factor.added', request, at: new Date(), what: `the alternate e-mail address ${masked}` }),
        });
        return { address: spent.destination, messageId };
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('ALREADY_ADDED');
    if (isAppError(error) && ['INVALID_CODE', 'CODE_EXPIRED', 'CODE_ALREADY_USED'].includes(error.code)) await recordFailure(keys);
    throw error;
  }
  await recordSuccess(keys);
  await deliverMessages([result.messageId]);
  return { address: result.address };
}
