import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { clearFailures } from '@/lib/rate-limit/failure-throttle';

/**
 * After 100 failures a sign-in method locks until a success, and the user is told to contact
 * support: this is that unlock. It clears the failure counts and waits of the password and of
 * every second factor, is audited, and the user is told by e-mail.
 */
export async function unlockSignIn({ email, actorId = null }: { email: string; actorId?: string | null }): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  await clearFailures([`password:${user.email}`, ...['totp', 'backup_code', 'message_code'].map((kind) => `${kind}:${user.id}`)]);
  const messageId = await prisma.$transaction(async (tx) => {
    await recordAuditEvent(tx, { type: 'sign_in.unlocked', userId: user.id, actorId });
    return queueEmail(tx, { to: user.email, ...composeSecurityEmail({ notice: 'sign_in.unlocked', request: null, at: new Date() }) });
  });
  await deliverMessages([messageId]);
}
