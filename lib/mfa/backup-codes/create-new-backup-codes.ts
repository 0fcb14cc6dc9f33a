import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { replaceBackupCodes } from './replace-backup-codes';

/** "Show Codes": a fresh set that replaces the old one; the user is told by e-mail. */
export async function createNewBackupCodes({
  user,
  request,
}: {
  user: { id: string; email: string; isMfaEnabled: boolean };
  request: RequestContext;
}): Promise<string[]> {
  if (!user.isMfaEnabled) throw new AppError('MFA_NOT_ENABLED');
  const { codes, messageId } = await prisma.$transaction(async (tx) => {
    const codes = await replaceBackupCodes(tx, { userId: user.id });
    await recordAuditEvent(tx, { type: 'backup_codes.regenerated', userId: user.id, request });
    const messageId = await queueEmail(tx, {
      to: user.email,
      ...composeSecurityEmail({ notice: 'backup_codes.regenerated', request, at: new Date() }),
    });
    return { codes, messageId };
  });
  await deliverMessages([messageId]);
  return codes;
}
