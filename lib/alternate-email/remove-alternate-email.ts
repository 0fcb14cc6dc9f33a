import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import { lockUser } from '@/lib/db/lock-user';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/mfa/is-mfa-enabled';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { maskEmail } from './mask-email';

export async function removeAlternateEmail({
  current,
  code,
  request,
}: {
  current: CurrentSession;
  /** Re-authentication: a current code, when the session's last second factor is not recent. */
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<void> {
  const { user, session } = current;
  const row = await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { id: true, address: true } });
  if (!row) throw new AppError('INVALID_INPUT', { message: 'There is no alternate address to remove.' });
  await confirmRecentSecondFactor({ user, session, code, request });
  const messageId = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId: user.id });
    await tx.alternateEmail.delete({ where: { id: row.id } });
    if (!isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: MFA_STATE_SELECT }))) throw new AppError('LAST_FACTOR');
    const masked = maskEmail(row.address);
    await recordAuditEvent(tx, { type: 'alternate_email.removed', userId: user.id, request, detail: { address: masked } });
    return queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'factor.removed', request, at: new Date(), what: `the alternate e-mail address ${masked}` }),
    });
  });
  await deliverMessages([messageId]);
}
