import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueEmail } from '@/lib/notify/queue-email';
import { readMessageBrand } from '@/lib/messaging/message-brand';
import { composeSecurityEmail } from '@/lib/notify/security-emails';
import { MAIL_PROTOCOL_NAMES } from './mail-protocol';

/** A phone's mail app retries every few minutes: the owner hears about it at most this often. */
export const ACCOUNT_PASSWORD_NOTICE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The e-mail each refusal of a right account password sends. */
const NOTICES = {
  MAIL_APP_PASSWORD_NEEDED: 'mail_login.account_password_refused',
  MAIL_TWO_FACTOR_OVERDUE: 'mail_login.two_factor_overdue',
} as const;

/**
 * A mail client offered the right account password of a mailbox, and was refused: two-factor is
 * on (MAIL_APP_PASSWORD_NEEDED), or it must be and the enrolment period is over
 * (MAIL_TWO_FACTOR_OVERDUE). The mailbox's refusal row says when, from where and over what (the security page shows
 * it); once a day at most, the owner is e-mailed and the refusal audited with its reason, in the
 * transaction that claims the day's notice, so parallel refusals send one e-mail.
 */
export async function noteAccountPasswordRefusal({
  actor,
  user,
  reason,
}: {
  actor: Actor & { kind: 'mail-client' };
  user: { id: string; email: string };
  reason: keyof typeof NOTICES;
}): Promise<void> {
  const at = new Date();
  const seen = { lastAt: at, lastIp: actor.request.ip, protocol: actor.protocol };
  await prisma.mailPasswordRefusal.upsert({ where: { userId: user.id }, create: { userId: user.id, ...seen }, update: seen });
  const messageId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.mailPasswordRefusal.updateMany({
      where: {
        userId: user.id,
        OR: [{ notifiedAt: null }, { notifiedAt: { lt: new Date(at.getTime() - ACCOUNT_PASSWORD_NOTICE_INTERVAL_MS) } }],
      },
      data: { notifiedAt: at },
    });
    if (count !== 1) return null;
    await recordAuditEvent(tx, {
      type: 'mail_login.refused',
      actor,
      subjectId: user.id,
      detail: { reason, protocol: actor.protocol },
    });
    const brand = await readMessageBrand(tx, { userId: user.id });
    return queueEmail(tx, {
      to: user.email,
      brand,
      ...composeSecurityEmail({ notice: NOTICES[reason], actor, at, what: MAIL_PROTOCOL_NAMES[actor.protocol], brand }),
    });
  });
  if (messageId) await deliverMessages([messageId]);
}
