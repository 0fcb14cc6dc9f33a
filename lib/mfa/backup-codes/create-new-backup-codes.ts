import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { replaceBackupCodes } from './replace-backup-codes';

/**
 * "Show Codes": a fresh set that replaces the old one, after re-authentication (a second factor
 * proven in the last few minutes, or `code` now); the user is told by e-mail.
 */
export async function createNewBackupCodes({
  current,
  code,
  request,
}: {
  current: CurrentSession;
  code: TSecondFactorCode | null;
  request: RequestContext;
}): Promise<string[]> {
  const { user, session } = current;
  if (!user.isMfaEnabled) throw new AppError('MFA_NOT_ENABLED');
  await confirmRecentSecondFactor({ user, session, code, request });
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
