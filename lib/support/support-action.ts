import type { Actor } from '@/lib/access/actor';
import { authorize, holdsStaffRole, refusalOf, type AccountAction } from '@/lib/access/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { requireReason } from '@/lib/access/staff-reason';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import type { Prisma } from '@/lib/db/generated/client';
import { lockUser } from '@/lib/db/lock-user';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import type { SecurityNotice } from '@/lib/notify/security-emails';

/** What one staff action on a mailbox asks for, whichever action it is. */
export type SupportRequest = {
  actor: Actor;
  userId: string;
  /** Why: required of staff and the console, kept in the audit row. */
  reason?: string | null;
  /** The staff member's own current code, when their last second factor is over 10 minutes old. */
  code?: TSecondFactorCode | null;
  /** The brand the page showed the mailbox in: a mailbox that moved since is not touched. */
  expectedBrandId?: string | null;
};

export type SupportChange<T> = {
  result: T;
  /** What was done and removed, for the audit row (never a secret). */
  detail: Prisma.InputJsonObject;
  notice: SecurityNotice;
  what?: string;
};

/**
 * The frame every support action on a mailbox runs in (SECURITY.md, "Tenancy, roles and staff"):
 * authorised in scope and never on oneself, a written reason, a second factor the staff member
 * proved in the last 10 minutes, then under the mailbox's row lock (so two staff acting at once
 * act one after the other, and the second finds the work done) the change, one audit row with
 * actor, subject, brand and reason, and the user's notice, all in one transaction.
 */
export async function runSupportAction<T>(
  { actor, userId, reason, code = null, expectedBrandId = null }: SupportRequest,
  { action, auditType }: { action: AccountAction; auditType: AuditEventType },
  change: (tx: Tx, mailbox: { id: string; email: string; brandId: string }) => Promise<SupportChange<T>>,
): Promise<T> {
  await authorize(actor, action, { userId });
  const why = requireReason(actor, reason);
  await reauthenticate({ actor, code });
  const { result, messageIds } = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    const mailbox = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, brandId: true } });
    if (!mailbox) throw new AppError('USER_NOT_FOUND');
    if (expectedBrandId && mailbox.brandId !== expectedBrandId) throw new AppError('MAILBOX_MOVED');
    // Decided again under the lock: a mailbox that changed brand since `authorize` read it must
    // not be changed by the staff of the brand it left.
    if (refusalOf(actor, action, { userId, brandId: mailbox.brandId, isStaff: await holdsStaffRole(tx, userId) })) throw new AppError('FORBIDDEN');
    // Read before the change: a reset removes the alternate address the notice must still reach.
    const audience = await readNoticeAudience(tx, { userId });
    const outcome = await change(tx, mailbox);
    const at = new Date();
    await recordAuditEvent(tx, {
      type: auditType,
      actor,
      subjectId: userId,
      detail: { brandId: mailbox.brandId, ...(why ? { reason: why } : {}), ...outcome.detail },
    });
    const messageIds = await queueAccountNotice(tx, { audience, notice: outcome.notice, actor, at, what: outcome.what });
    return { result: outcome.result, messageIds };
  });
  await deliverMessages(messageIds);
  return result;
}
