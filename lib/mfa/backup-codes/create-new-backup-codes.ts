import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { readSubject } from '@/lib/users/read-subject';
import { replaceBackupCodes } from './replace-backup-codes';

/**
 * "Show Codes": a fresh set that replaces the old one, after re-authentication (a second factor
 * proven in the last few minutes, or `code` now); the user is told by e-mail.
 */
export async function createNewBackupCodes({
  actor,
  userId,
  code = null,
}: {
  actor: Actor;
  userId: string;
  code?: TSecondFactorCode | null;
}): Promise<string[]> {
  await authorize(actor, 'backup_codes.replace', { userId });
  const user = await readSubject(userId);
  if (!user.isMfaEnabled) throw new AppError('MFA_NOT_ENABLED');
  await reauthenticate({ actor, code });
  const { codes, messageId } = await prisma.$transaction(async (tx) => {
    const codes = await replaceBackupCodes(tx, { userId });
    await recordAuditEvent(tx, { type: 'backup_codes.regenerated', actor, subjectId: userId });
    const messageId = await queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'backup_codes.regenerated', actor, at: new Date() }),
    });
    return { codes, messageId };
  });
  await deliverMessages([messageId]);
  return codes;
}
