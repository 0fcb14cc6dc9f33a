import { z } from 'zod';
import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { reauthenticateUnlessOwnerHasNoFactor } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { lockUser } from '@/lib/db/lock-user';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import { readSubject } from '@/lib/users/read-subject';
import { maskPhoneNumber } from './mask-phone-number';

/**
 * "Use for SMS logins": marks one of the mailbox's confirmed backup phones as the mobile number an
 * SMS password's codes are texted to. It decides where a way in is finished, so it re-authenticates
 * like changing a phone, and is audited and e-mailed. A phone id that is not this mailbox's changes
 * nothing.
 */
export async function setMobilePhone({
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
  await authorize(actor, 'mobile.set', { userId });
  if (!z.uuid().safeParse(phoneId).success) throw new AppError('PHONE_NOT_FOUND');
  const subject = await readSubject(userId);
  // Checked before re-authentication too, so a forged id never costs the user a backup code.
  if (!(await prisma.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true } }))) throw new AppError('PHONE_NOT_FOUND');
  await reauthenticateUnlessOwnerHasNoFactor({ actor, code, isMfaEnabled: subject.isMfaEnabled });

  const messageIds = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    const phone = await tx.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true, number: true } });
    if (!phone) throw new AppError('PHONE_NOT_FOUND');
    // Cleared first: the partial unique index allows one marked phone per mailbox at any moment.
    await tx.phone.updateMany({ where: { userId, isMobileForSms: true, NOT: { id: phone.id } }, data: { isMobileForSms: false } });
    await tx.phone.update({ where: { id: phone.id }, data: { isMobileForSms: true } });
    const masked = maskPhoneNumber(phone.number);
    await recordAuditEvent(tx, { type: 'phone.mobile_set', actor, subjectId: userId, detail: { number: masked } });
    const audience = await readNoticeAudience(tx, { userId });
    return queueAccountNotice(tx, { audience, notice: 'mobile.set', actor, at: new Date(), what: masked });
  });
  await deliverMessages(messageIds);
}
