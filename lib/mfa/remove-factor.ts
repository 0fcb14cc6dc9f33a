import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import type { Prisma } from '@/lib/db/generated/client';
import { lockUser } from '@/lib/db/lock-user';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { readSubject } from '@/lib/users/read-subject';
import type { TSecondFactorCode } from './code-schema';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

/**
 * Removing one factor, whatever its kind: after re-authentication, never the last one (that would
 * turn two-factor off without the password, which is what "Disable" asks for), audited, and the
 * owner told by e-mail. `remove` deletes the factor inside the transaction, behind the account's
 * lock, so two parallel removals cannot each leave the other as the last factor.
 */
export async function removeFactor({
  actor,
  userId,
  code,
  remove,
  event,
  what,
}: {
  actor: Actor;
  userId: string;
  code: TSecondFactorCode | null;
  remove: (tx: Tx) => Promise<unknown>;
  event: { type: AuditEventType; detail: Prisma.InputJsonObject };
  /** How the e-mail names the factor: "the backup phone +141••••••32". */
  what: string;
}): Promise<void> {
  await authorize(actor, 'factor.remove', { userId });
  const user = await readSubject(userId);
  await reauthenticate({ actor, code });
  const messageId = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    await remove(tx);
    if (!isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }))) throw new AppError('LAST_FACTOR');
    await recordAuditEvent(tx, { type: event.type, actor, subjectId: userId, detail: event.detail });
    return queueEmail(tx, { to: user.email, ...composeSecurityEmail({ notice: 'factor.removed', actor, at: new Date(), what }) });
  });
  await deliverMessages([messageId]);
}
