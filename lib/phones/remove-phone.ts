import type { Actor } from '@/lib/core/actor';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { removeFactor } from '@/lib/mfa/remove-factor';
import { maskPhoneNumber } from '@/lib/core/mask';

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
  const phone = await prisma.phone.findFirst({ where: { id: phoneId, userId }, select: { id: true, number: true } });
  if (!phone) throw new AppError('PHONE_NOT_FOUND');
  const masked = maskPhoneNumber(phone.number);
  await removeFactor({
    actor,
    userId,
    code,
    remove: (tx) => tx.phone.delete({ where: { id: phone.id } }),
    event: { type: 'phone.removed', detail: { number: masked } },
    what: `the backup phone ${masked}`,
  });
}
