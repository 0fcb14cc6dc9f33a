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
import { maskPhoneNumber } from './mask-phone-number';

/** Removes one backup phone after re-authentication, and tells the owner by e-mail. */
export async function removePhone({
  current,
  phoneId,
  code,
  request,
}: {
  current: CurrentSession;
  phoneId: string;
  /** Re-authentication: a current code, when the session's last second factor is not recent. */
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<void> {
  const { user, session } = current;
  const phone = await prisma.phone.findFirst({ where: { id: phoneId, userId: user.id }, select: { id: true, number: true } });
  if (!phone) throw new AppError('INVALID_INPUT', { message: 'That phone is not on your account.' });
  await confirmRecentSecondFactor({ user, session, code, request });
  const messageId = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId: user.id });
    await tx.phone.delete({ where: { id: phone.id } });
    const state = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: MFA_STATE_SELECT });
    // Removing the last factor would turn two-factor off without the password: that is "Disable".
    if (!isMfaEnabled(state)) throw new AppError('LAST_FACTOR');
    const masked = maskPhoneNumber(phone.number);
    await recordAuditEvent(tx, { type: 'phone.removed', userId: user.id, request, detail: { number: masked } });
    return queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'factor.removed', request, at: new Date(), what: `the backup phone ${masked}` }),
    });
  });
  await deliverMessages([messageId]);
}
