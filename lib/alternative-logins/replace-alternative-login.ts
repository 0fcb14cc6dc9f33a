import type { Actor } from '@/lib/access/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AlternativeLoginKind } from '@/lib/db/generated/enums';
import { lockUser } from '@/lib/db/lock-user';
import { prisma, type Tx } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import { nameAlternativeLogin } from './alternative-login-names';

/**
 * The one write both creation verbs share, after they have checked and re-authenticated: behind
 * the account's lock, the mailbox's login of this kind (if any) is deleted, which ends the
 * sessions and pending logins it opened, and the new one is created, with `fill` writing what
 * belongs to it (a list's passwords). Audited and e-mailed in the same transaction; the unique
 * (userId, kind) index keeps one of each kind even for a writer that skips this.
 */
export async function replaceAlternativeLogin({
  actor,
  userId,
  kind,
  isRestricted,
  secretHash,
  check,
  fill,
}: {
  actor: Actor;
  userId: string;
  kind: AlternativeLoginKind;
  isRestricted: boolean;
  secretHash: string | null;
  /** Checked again behind the lock: what may have changed since the verb looked. */
  check?: (tx: Tx) => Promise<void>;
  fill?: (tx: Tx, alternativeLoginId: string) => Promise<void>;
}): Promise<{ id: string; createdAt: Date }> {
  const { row, messageIds } = await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    await check?.(tx);
    const { count: replaced } = await tx.alternativeLogin.deleteMany({ where: { userId, kind } });
    const row = await tx.alternativeLogin.create({ data: { userId, kind, isRestricted, secretHash }, select: { id: true, createdAt: true } });
    await fill?.(tx, row.id);
    const hasPrefix = secretHash !== null;
    await recordAuditEvent(tx, {
      type: 'alternative_login.created',
      actor,
      subjectId: userId,
      detail: { alternativeLoginId: row.id, kind, isRestricted, ...(kind === 'ONE_TIME_LIST' ? { hasPrefix } : {}), isReplacement: replaced > 0 },
    });
    const audience = await readNoticeAudience(tx, { userId });
    const messageIds = await queueAccountNotice(tx, {
      audience,
      notice: 'alternative_login.created',
      actor,
      at: row.createdAt,
      what: `${nameAlternativeLogin({ kind, hasPrefix })}${isRestricted ? ' (restricted: it cannot change or remove anything)' : ''}${replaced > 0 ? ', replacing the previous one,' : ''}`,
    });
    return { row, messageIds };
  });
  await deliverMessages(messageIds);
  return row;
}
