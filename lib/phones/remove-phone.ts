import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { lockUser } from '@/lib/db/lock-user';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/mfa/second-factor-kinds';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { readSubject } from '@/lib/users/read-subject';
import { maskPhoneNumber } from './mask-phone-number';

/** Removes one backup phone after re-authentication, and tells the owner by e-mail. */
export async function removePhone({
  actor,
  userId,
  phoneId,
  code = null,
}: {
  actor: Actor;
  userId: string;
  phoneId: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await authorize(actor, 'factor.remove', { userId });
  const user = await readSubject(userId);
  const phone = await prisma.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true, number: true } });
  if (!phone) throw new AppError('PHONE_NOT_FOUND');
  await reauthenticate({ actor, code });
  const messageId = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    await tx.phone.delete({ where: { id: phone.id } });
    const state = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT });
    // Removing the last factor would turn two-factor off without the password: that is "Disable".
    if (!isMfaEnabled(state)) throw new AppError('LAST_FACTOR');
    const masked = maskPhoneNumber(phone.number);
    await recordAuditEvent(tx, { type: 'phone.removed', actor, subjectId: userId, detail: { number: masked } });
    return queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'factor.removed', actor, at: new Date(), what: `the backup phone ${masked}` }),
    });
  });
  await deliverMessages([messageId]);
}
