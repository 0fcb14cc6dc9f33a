import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { isStaffSessionReady } from '@/lib/core/staff-actor';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import { lookUp } from '@/lib/http/look-up';
import { ActivityList, LocationList, SessionList, utcDateFormat } from '@/components/security-lists';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { MailboxChallengePolicyForm } from './forms';
import { loadMailbox } from './load-mailbox';
import { SUPPORT_ACTIONS, type SupportActionSlug } from './support-actions';

export const metadata: Metadata = { title: 'Mailbox · Support' };


const DONE: Record<string, string> = {
  'disable-2fa': 'Two-factor authentication is off and the mailbox is signed out everywhere. The owner was e-mailed.',
  'password-reset-link-email': 'A password reset link was e-mailed to the owner’s alternate address. It works once, within 30 minutes. The owner was e-mailed.',
  'password-reset-link-sms': 'A password reset link was texted to the owner’s backup phone. It works once, within 30 minutes. The owner was e-mailed.',
  'reset-locations': 'The remembered locations are forgotten. The owner was e-mailed.',
  unlock: 'Signing in is unlocked. The owner was e-mailed.',
  'sign-out': 'The mailbox is signed out everywhere. The owner was e-mailed.',
  challenge: 'When the code is asked for changed. The owner was e-mailed.',
};

export default async function SupportMailboxPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> }) {
  const current = await requireSessionOrRedirect();
  if (!mayUseSupportConsole(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Support" />;
  const [{ id }, { done }] = await Promise.all([params, searchParams]);
  const mailbox = await loadMailbox(current, id);
  const doneText = lookUp(DONE, done);
  const needsCode = !hasRecentSecondFactor(current.session);
  const actions = (Object.keys(SUPPORT_ACTIONS) as SupportActionSlug[]).filter((slug) =>
    // Only what would do something: the verbs refuse the rest with a message anyway.
    slug === 'disable-2fa' || slug === 'recovery-codes'
      ? mailbox.isMfaEnabled
      : slug === 'reset-locations'
        ? mailbox.locations.length > 0
        : // A link where it can go; a code shown to staff only where no link can finish.
          slug === 'password-reset-link'
          ? mailbox.resetDestinations.length > 0
          : slug === 'password-reset-code'
            ? mailbox.mayIssueResetCode
            : true,
  );
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/support" className="text-sm text-blue-700 underline">
          Back to Support
        </Link>
        <h1 className="text-2xl font-semibold">{mailbox.email}</h1>
        <p className="text-slate-600">
          {mailbox.brand.name} · two-factor authentication{' '}
          <strong className={mailbox.isMfaEnabled ? 'text-green-800' : 'text-slate-800'}>{mailbox.isMfaEnabled ? 'on' : 'off'}</strong>
          {mailbox.requiresTwoFactor && ' (required by the brand)'}
        </p>
      </div>
      {doneText && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {doneText}
        </p>
      )}

      <section aria-labelledby="factors-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="factors-heading" className="text-lg font-semibold">
          Second factors
        </h2>
        {mailbox.factors.length === 0 ? (
          <p className="text-sm">None.{mailbox.requiresTwoFactor && mailbox.enrolmentDeadline ? ` Must enrol by ${utcDateFormat.format(mailbox.enrolmentDeadline)} UTC.` : ''}</p>
        ) : (
          <ul className="list-disc pl-5 text-sm" aria-label="Second factors">
            {mailbox.factors.map((factor) => (
              <li key={factor}>{factor}</li>
            ))}
          </ul>
        )}
        <p className="text-sm">{mailbox.unusedBackupCodes} unused backup codes.</p>
      </section>

      <section aria-labelledby="actions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="actions-heading" className="text-lg font-semibold">
          Help the owner back in
        </h2>
        <p className="text-sm text-slate-700">
          Check who you are talking to first, the way your brand does. Each action asks for a reason, is audited, and e-mails the owner.
        </p>
        <ul className="flex flex-wrap gap-3">
          {actions.map((slug) => (
            <li key={slug}>
              <Link
                href={`/support/mailboxes/${mailbox.id}/${slug}`}
                className="inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
              >
                {SUPPORT_ACTIONS[slug].title}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="challenge-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="challenge-heading" className="text-lg font-semibold">
          When the code is asked for
        </h2>
        <p className="text-sm">
          {CHALLENGE_POLICY_LABELS[mailbox.challengePolicy.inForce]}
          {mailbox.challengePolicy.inForce !== mailbox.challengePolicy.chosen &&
            ` (the owner chose “${CHALLENGE_POLICY_LABELS[mailbox.challengePolicy.chosen]}”, which the brand no longer offers)`}
        </p>
        <details>
          <summary className="cursor-pointer text-sm font-semibold">Change for this mailbox</summary>
          <div className="mt-3">
            <MailboxChallengePolicyForm
              userId={mailbox.id}
              brandId={mailbox.brand.id}
              chosen={mailbox.challengePolicy.inForce}
              offered={mailbox.challengePolicy.offered}
              needsCode={needsCode}
            />
          </div>
        </details>
        <h3 className="pt-2 font-semibold">Remembered locations</h3>
        {mailbox.locations.length === 0 ? (
          <p className="text-sm">None.</p>
        ) : (
          <LocationList locations={mailbox.locations} />
        )}
      </section>

      <section aria-labelledby="locks-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="locks-heading" className="text-lg font-semibold">
          Failed attempts and locks
        </h2>
        {mailbox.locks.length === 0 ? (
          <p className="text-sm">No failed attempts counting.</p>
        ) : (
          <ul className="text-sm" aria-label="Locks">
            {mailbox.locks.map((lock) => (
              <li key={lock.label}>
                {lock.label}: {lock.failures} failed {lock.isLocked ? '— locked' : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sessions-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Active sessions
        </h2>
        {mailbox.sessions.length === 0 ? (
          <p className="text-sm">None.</p>
        ) : (
          <SessionList sessions={mailbox.sessions} />
        )}
      </section>

      <section aria-labelledby="activity-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="activity-heading" className="text-lg font-semibold">
          Recent security activity
        </h2>
        <ActivityList events={mailbox.activity} />
      </section>
    </div>
  );
}
