import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { maskPhoneNumber } from '@/lib/core/mask';

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
  await changeAccount(
    {
      actor,
      userId,
      action: 'mobile.set',
      reauth: { code, exceptOwnerWithoutFactor: true },
      audit: 'phone.mobile_set',
      notice: 'mobile.set',
      // Checked before re-authentication too, so a forged id never costs the user a backup code.
      check: async () => {
        if (!z.uuid().safeParse(phoneId).success) throw new AppError('PHONE_NOT_FOUND');
        if (!(await prisma.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true } }))) throw new AppError('PHONE_NOT_FOUND');
      },
    },
    async (tx) => {
      const phone = await tx.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true, number: true } });
      if (!phone) throw new AppError('PHONE_NOT_FOUND');
      // Cleared first: the partial unique index allows one marked phone per mailbox at any moment.
      await tx.phone.updateMany({ where: { userId, isMobileForSms: true, NOT: { id: phone.id } }, data: { isMobileForSms: false } });
      await tx.phone.update({ where: { id: phone.id }, data: { isMobileForSms: true } });
      const masked = maskPhoneNumber(phone.number);
      return { result: undefined, detail: { number: masked }, what: masked };
    },
  );
}
