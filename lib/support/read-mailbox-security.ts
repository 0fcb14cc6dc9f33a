import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { maskEmail } from '@/lib/alternate-email/mask-email';
import { listRecentAuditEvents, type RecentAuditEvent } from '@/lib/audit/list-recent-audit-events';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { listActiveSessions } from '@/lib/auth/list-active-sessions';
import { effectiveChallengePolicy, offeredChallengePolicies } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { lookUp } from '@/lib/http/look-up';
import { AppError } from '@/lib/errors/app-error';
import { listRememberedLocations, type RememberedLocationView } from '@/lib/locations/list-remembered-locations';
import { enrolledMethods, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { listPhones } from '@/lib/phones/list-phones';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { countFailures, MAX_CONSECUTIVE_FAILURES } from '@/lib/rate-limit/failure-throttle';
import { accountLockKeys } from '@/lib/rate-limit/throttle-keys';

export type MailboxSecurity = {
  id: string;
  email: string;
  brand: { id: string; name: string; slug: string; supportContact: string | null };
  isMfaEnabled: boolean;
  /** Masked: kinds, numbers and address with most digits hidden, a count of backup codes. Never a secret. */
  factors: string[];
  unusedBackupCodes: number;
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
export async function readMailboxSecurity({ actor, userId }: { actor: Actor; userId: string }): Promise<MailboxSecurity> {
  // The resolved subject already says whether the mailbox is a staff account (always asked).
  const subject = await authorize(actor, 'mailbox.inspect', { userId });
  const isStaff = subject !== 'platform' && 'isStaff' in subject && subject.isStaff;
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      challengePolicy: true,
      enrolmentDeadline: true,
      brand: { select: { id: true, name: true, slug: true, supportContact: true } },
      ...MFA_STATE_SELECT,
      alternateEmail: { select: { id: true, address: true } },
    },
  });
  if (!user) throw new AppError('USER_NOT_FOUND');
  const [{ settings }, phones, locations, sessions, activity, failures] = await Promise.all([
    getEffectivePolicy({ userId }),
    listPhones({ userId }),
    listRememberedLocations({ userId }),
    listActiveSessions({ userId }),
    listRecentAuditEvents({ userId, take: 25 }),
    Promise.all(accountLockKeys(user).map(async (key) => ({ key, failures: await countFailures(key) }))),
  ]);
  await recordAuditEvent(prisma, { type: 'support.mailbox_viewed', actor, subjectId: userId, detail: { brandId: user.brand.id } });
  const methods = enrolledMethods(user);
  const factors = [
    ...(methods.has('totp') ? ['Authenticator app'] : []),
    ...phones.map((phone) => `Backup phone ${phone.masked}`),
    ...(user.alternateEmail ? [`E-mail codes to ${maskEmail(user.alternateEmail.address)}`] : []),
  ];
  return {
    id: user.id,
    email: user.email,
    brand: user.brand,
    isMfaEnabled: isMfaEnabled(user),
    factors,
    unusedBackupCodes: user._count.backupCodes ?? 0,
    challengePolicy: {
      chosen: user.challengePolicy,
      inForce: effectiveChallengePolicy({ chosen: user.challengePolicy, settings, isStaff }),
      offered: offeredChallengePolicies(settings),
    },
    requiresTwoFactor: settings.requireTwoFactor,
    enrolmentDeadline: user.enrolmentDeadline,
    locations,
    sessions,
    locks: failures.filter((entry) => entry.failures > 0).map((entry) => ({ label: lockLabel(entry.key), failures: entry.failures, isLocked: entry.failures >= MAX_CONSECUTIVE_FAILURES })),
    activity,
  };
}

/** Throttle keys are "<what>:<who>"; the first part says which sign-in step counts the failures. */
function lockLabel(key: string): string {
  const what = key.slice(0, key.indexOf(':'));
  const labels: Record<string, string> = {
    password: 'Password',
    totp: 'Authenticator codes',
    backup_code: 'Backup codes',
    sent_code: 'Text, call and e-mail codes',
    'totp-enrol': 'Setting up an authenticator app',
    'verify-phone': 'Adding a phone',
    'verify-email': 'Adding an e-mail address',
  };
  return lookUp(labels, what) ?? what;
}
