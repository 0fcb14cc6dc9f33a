import type { Actor } from '@/lib/core/actor';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { removeFactor } from '@/lib/mfa/remove-factor';
import { maskEmail } from '@/lib/core/mask';

/** Removes the alternate address after re-authentication, and tells the owner by e-mail. */
export async function removeAlternateEmail({
  actor,
  userId,
  code = null,
}: {
  actor: Actor;
  userId: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<void> {
  const row = await prisma.alternateEmail.findUnique({ where: { userId }, select: { id: true, address: true } });
  if (!row) throw new AppError('ALTERNATE_EMAIL_NOT_FOUND');
  const masked = maskEmail(row.address);
  await removeFactor({
    actor,
    userId,
    code,
    remove: (tx) => tx.alternateEmail.delete({ where: { id: row.id } }),
    event: { type: 'alternate_email.removed', detail: { address: masked } },
    what: `the alternate e-mail address ${masked}`,
  });
}
