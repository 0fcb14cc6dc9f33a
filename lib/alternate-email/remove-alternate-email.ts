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
import { maskEmail } from './mask-email';

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
  await authorize(actor, 'factor.remove', { userId });
  const user = await readSubject(userId);
  const row = await prisma.alternateEmail.findUnique({ where: { userId }, select: { id: true, address: true } });
  if (!row) throw new AppError('ALTERNATE_EMAIL_NOT_FOUND');
  await reauthenticate({ actor, code });
  const messageId = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    await tx.alternateEmail.delete({ where: { id: row.id } });
    if (!isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }))) throw new AppError('LAST_FACTOR');
    const masked = maskEmail(row.address);
    await recordAuditEvent(tx, { type: 'alternate_email.removed', actor, subjectId: userId, detail: { address: masked } });
    return queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'factor.removed', actor, at: new Date(), what: `the alternate e-mail address ${masked}` }),
    });
  });
  await deliverMessages([messageId]);
}
