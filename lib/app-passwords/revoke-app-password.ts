import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { readSubject } from '@/lib/users/read-subject';

/**
 * "Revoke": deletes one app password. The next login with it is refused at once, because every
 * mail login asks Gatehouse (Dovecot's auth cache is off for them, docs/dovecot/README.md).
 * Revoking takes a way in away, so it needs no re-authentication, like signing out. Audited and
 * e-mailed in the transaction that deletes it; an id that is not this mailbox's (or is gone
 * already) changes nothing.
 */
export async function revokeAppPassword({ actor, userId, appPasswordId }: { actor: Actor; userId: string; appPasswordId: string }): Promise<void> {
  await authorize(actor, 'app_password.revoke', { userId });
  if (!z.uuid().safeParse(appPasswordId).success) throw new AppError('APP_PASSWORD_NOT_FOUND');
  const subject = await readSubject(userId);
  const messageId = await prisma.$transaction(async (tx) => {
    const row = await tx.appPassword.findFirst({ where: { id: appPasswordId, userId }, select: { id: true, name: true } });
    // Deleted by a conditional delete: of two parallel revocations, one finds nothing to delete.
    const { count } = row ? await tx.appPassword.deleteMany({ where: { id: row.id } }) : { count: 0 };
    if (!row || count !== 1) throw new AppError('APP_PASSWORD_NOT_FOUND');
    await recordAuditEvent(tx, { type: 'app_password.revoked', actor, subjectId: userId, detail: { appPasswordId: row.id, name: row.name } });
    return queueEmail(tx, { to: subject.email, ...composeSecurityEmail({ notice: 'app_password.revoked', actor, at: new Date(), what: `“${row.name}”` }) });
  });
  await deliverMessages([messageId]);
}
