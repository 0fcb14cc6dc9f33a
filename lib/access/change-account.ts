import type { Actor } from '@/lib/core/actor';
import { authorize, holdsStaffRole, refusalOf, type AccountAction } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { requireReason } from '@/lib/core/staff-reason';
import { recordAuditEvent, type AuditEventType } from '@/lib/audit/record-audit-event';
import type { Prisma } from '@/lib/db/generated/client';
import { lockUser } from '@/lib/db/lock-user';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import type { SecurityNotice } from '@/lib/notify/security-emails';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';

/**
 * What the person acting must prove before the change (ASVS 5 7.5.1, 6.4.4):
 * - `'none'`: nothing beyond their session (taking a way in away: revoking, signing out). Staff
 *   are never spared: they always prove a second factor from the last 10 minutes.
 * - `{ code }`: a second factor proven in the last few minutes, or `code` now. With
 *   `exceptOwnerWithoutFactor`, an owner whose account has no second factor yet has none to prove
 *   (adding a first phone, an app password, a new password); anyone else still does. `thenPassword`
 *   checks a password only after that, so a session alone cannot use the form to test guesses.
 * - `{ spend }`: the proof is a code spent in the change's own transaction (a code read back from
 *   a new phone, the password and a code that turn two-factor off): the frame runs its transaction
 *   inside `spend`, so the code is used up if and only if the change commits.
 */
export type Reauth =
  | 'none'
  | { code: TSecondFactorCode | null; exceptOwnerWithoutFactor?: boolean; thenPassword?: () => Promise<void> }
  | { spend: <R>(body: (tx: Tx) => Promise<R>) => Promise<R> };

/** What every change of one account asks for, whoever acts and whatever it changes. */
export type AccountChangeRequest = {
  actor: Actor;
  userId: string;
  action: AccountAction;
  reauth: Reauth;
  /** Why: required of staff and the console (see `asksReason`), kept in the audit row. */
  reason?: string | null;
  /** The brand the page showed the mailbox in: a mailbox that moved since is not touched. */
  expectedBrandId?: string | null;
  /** The one audit row the change writes. */
  audit: AuditEventType;
  /** The notice the mailbox's audience gets, or null for a change the owner made that weakens nothing. */
  notice: SecurityNotice | null;
  /**
   * Refusals decided before re-authentication, so that a change which could never happen never
   * costs the user a backup code (a full list, a stale id, a refused policy). The change decides
   * again under the lock.
   */
  check?: () => Promise<void>;
  /**
   * Slow work the change needs (argon2id hashes of new codes or secrets), done once the actor is
   * authorised and re-authenticated and before the account's lock is taken: hashing inside the
   * transaction would hold a database connection and the account's lock while every core hashes.
   */
  prepare?: () => Promise<void>;
};

/** What a support form or console command posts for one action on a mailbox, whichever action it is. */
export type SupportRequest = {
  actor: Actor;
  userId: string;
  reason?: string | null;
  /** The staff member's own current code, when their last second factor is over 10 minutes old. */
  code?: TSecondFactorCode | null;
  expectedBrandId?: string | null;
};

/** The mailbox as the frame read it under its row lock. */
export type LockedMailbox = { id: string; email: string; brandId: string };

export type ChangeOutcome<T> = {
  result: T;
  /** What was done and removed, for the audit row (never a secret). */
  detail?: Prisma.InputJsonObject;
  /** How the notice names what changed ("the backup phone +141••••••32"). */
  what?: string;
};

// Where the mailbox's owner takes part in the change (adding a factor: they read its code back)
// or the console only takes one app password away, staff and the console give no written reason,
// as before the frame; every other staff or console change of an account needs one.
const ACTIONS_WITHOUT_REASON: ReadonlySet<AccountAction> = new Set(['factor.add', 'app_password.revoke']);

function asksReason(actor: Actor, action: AccountAction): boolean {
  return (actor.kind === 'staff' || actor.kind === 'console') && !ACTIONS_WITHOUT_REASON.has(action);
}

/**
 * The first half of the frame, for the verbs whose change is a code sent rather than a row written
 * (starting to add a phone or an address): authorised, the reason asked where staff act, the
 * verb's own refusals, then re-authentication as `reauth` asks. Returns the reason, trimmed.
 * `changeAccount` runs it first; a `spend` proof is taken later, in the change's transaction.
 */
export async function authorizeAccountChange({
  actor,
  userId,
  action,
  reauth,
  reason,
  check,
}: Pick<AccountChangeRequest, 'actor' | 'userId' | 'action' | 'reauth' | 'reason' | 'check'>): Promise<string | null> {
  await authorize(actor, action, { userId });
  const why = asksReason(actor, action) ? requireReason(actor, reason) : null;
  await check?.();
  if (reauth !== 'none' && 'code' in reauth) {
    // A self actor acts only on its own account (authorize), so its factors are the owner's.
    await reauthenticate({ actor, code: reauth.code, exceptWithoutSecondFactor: reauth.exceptOwnerWithoutFactor });
    await reauth.thenPassword?.();
  } else if (actor.kind === 'staff') {
    // Staff always prove a recent second factor of their own, whatever proof the change itself
    // takes ('none', or a code read back and spent in its transaction).
    await reauthenticate({ actor, code: null });
  }
  return why;
}

/**
 * The one frame every change of an account runs in, whoever acts (SECURITY.md, "Account changes"
 * and "Tenancy, roles and staff"): authorised in scope, a written reason where staff or the
 * console act, re-authentication as `reauth` asks, then under the account's row lock (so two
 * changes of one account run one after the other, and the second sees what the first did) the
 * change, one audit row and the notice to the mailbox's audience, all in one transaction. The
 * notice is delivered after the commit.
 */
export async function changeAccount<T>(
  request: AccountChangeRequest,
  change: (tx: Tx, mailbox: LockedMailbox) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const { actor, userId, action, reauth, expectedBrandId = null, audit, notice } = request;
  const why = await authorizeAccountChange(request);
  await request.prepare?.();
  const run = reauth !== 'none' && 'spend' in reauth ? reauth.spend : <R>(body: (tx: Tx) => Promise<R>) => prisma.$transaction(body);
  const { result, messageIds } = await run(async (tx) => {
    await lockUser(tx, { userId });
    const mailbox = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, brandId: true } });
    if (!mailbox) throw new AppError('USER_NOT_FOUND');
    if (actor.kind === 'staff' || actor.kind === 'console') {
      if (expectedBrandId && mailbox.brandId !== expectedBrandId) throw new AppError('MAILBOX_MOVED');
      // Decided again under the lock: a mailbox that changed brand since `authorize` read it must
      // not be changed by the staff of the brand it left.
      if (refusalOf(actor, action, { userId, brandId: mailbox.brandId, isStaff: await holdsStaffRole(tx, userId) })) throw new AppError('FORBIDDEN');
    }
    // Read before the change: a change that removes the alternate address must still reach it.
    const audience = notice ? await readNoticeAudience(tx, { userId }) : null;
    const outcome = await change(tx, mailbox);
    const isStaffChange = actor.kind === 'staff' || actor.kind === 'console';
    const detail = isStaffChange ? { brandId: mailbox.brandId, ...(why ? { reason: why } : {}), ...outcome.detail } : outcome.detail;
    await recordAuditEvent(tx, { type: audit, actor, subjectId: userId, detail });
    const messageIds = notice && audience ? await queueAccountNotice(tx, { audience, notice, actor, at: new Date(), what: outcome.what }) : [];
    return { result: outcome.result, messageIds };
  });
  await deliverMessages(messageIds);
  return result;
}
