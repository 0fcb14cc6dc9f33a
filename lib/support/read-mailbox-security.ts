import { linkCanFinish } from '@/lib/recovery/link-can-finish';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { listRecentAuditEvents, type RecentAuditEvent } from '@/lib/audit/list-recent-audit-events';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { listActiveSessions } from '@/lib/sessions/list-active-sessions';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { listRememberedLocations, type RememberedLocationView } from '@/lib/locations/list-remembered-locations';
import type { FactorRegistry } from '@/lib/core/factor-kinds';
import { accountLockKeys, lockLabel } from '@/lib/core/factor-kinds/lock-keys';
import { readAccountSecurity } from '@/lib/mfa/read-account-security';
import { readResetDestinations, type ResetVia } from '@/lib/recovery/read-reset-destinations';
import { countFailures, MAX_CONSECUTIVE_FAILURES } from '@/lib/rate-limit/failure-throttle';

export type MailboxSecurity = {
  id: string;
  email: string;
  brand: { id: string; name: string; slug: string; supportContact: string | null };
  isMfaEnabled: boolean;
  /** Masked: kinds, numbers and address with most digits hidden, a count of backup codes. Never a secret. */
  factors: string[];
  unusedBackupCodes: number;
  /** Where a password reset link can go (masked); none: support can issue a reset code instead. */
  resetDestinations: Array<{ via: ResetVia; masked: string }>;
  /** Support's reset code is the way: no link can finish a recovery of this mailbox (linkCanFinish). */
  mayIssueResetCode: boolean;
  challengePolicy: { chosen: ChallengePolicy; inForce: ChallengePolicy; offered: ChallengePolicy[] };
  requiresTwoFactor: boolean;
  enrolmentDeadline: Date | null;
  locations: RememberedLocationView[];
  sessions: Array<{ id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date }>;
  locks: Array<{ label: string; failures: number; isLocked: boolean }>;
  activity: RecentAuditEvent[];
};

/**
 * A mailbox's security state as the support console shows it, for staff of its brand (or the
 * platform). Opening it is recorded: who looked at whose account is part of the audit trail.
 */
export async function readMailboxSecurity({
  actor,
  userId,
  kinds,
}: {
  actor: Actor;
  userId: string;
  /** The factor-kind registry to describe from (a test hands in one with a kind of its own). */
  kinds?: FactorRegistry;
}): Promise<MailboxSecurity> {
  // The resolved subject already says whether the mailbox is a staff account (always asked).
  const subject = await authorize(actor, 'mailbox.inspect', { userId });
  const isStaff = subject !== 'platform' && 'isStaff' in subject && subject.isStaff;
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      enrolmentDeadline: true,
      brand: { select: { id: true, name: true, slug: true, supportContact: true } },
    },
  });
  if (!user) throw new AppError('USER_NOT_FOUND');
  const [security, resetDestinations, canLinkFinish, locations, sessions, activity, failures] = await Promise.all([
    readAccountSecurity({ userId, isStaff, kinds }),
    readResetDestinations({ userId }),
    linkCanFinish({ userId }),
    listRememberedLocations({ userId }),
    listActiveSessions({ userId }),
    listRecentAuditEvents({ userId, take: 25 }),
    Promise.all(accountLockKeys(user, kinds).map(async (key) => ({ key, failures: await countFailures(key) }))),
  ]);
  await recordAuditEvent(prisma, { type: 'support.mailbox_viewed', actor, subjectId: userId, detail: { brandId: user.brand.id } });
  return {
    id: user.id,
    email: user.email,
    brand: user.brand,
    isMfaEnabled: security.isMfaEnabled,
    factors: security.factors.map((factor) => factor.label),
    unusedBackupCodes: security.unusedBackupCodes,
    resetDestinations: resetDestinations.map(({ via, masked }) => ({ via, masked })),
    mayIssueResetCode: !canLinkFinish,
    challengePolicy: security.challengePolicy,
    requiresTwoFactor: security.settings.requireTwoFactor,
    enrolmentDeadline: user.enrolmentDeadline,
    locations,
    sessions,
    locks: failures.filter((entry) => entry.failures > 0).map((entry) => ({ label: lockLabel(entry.key, kinds), failures: entry.failures, isLocked: entry.failures >= MAX_CONSECUTIVE_FAILURES })),
    activity,
  };
}
