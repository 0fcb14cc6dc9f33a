import type { Metadata } from 'next';
import { listRecentAuditEvents } from '@/lib/audit/list-recent-audit-events';
import { hasRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import { listActiveSessions } from '@/lib/auth/list-active-sessions';
import { requireSessionOrRedirect } from '@/lib/auth/require-session';
import { BACKUP_CODES_PER_SET } from '@/lib/mfa/backup-codes/backup-code-format';
import { countUnusedBackupCodes } from '@/lib/mfa/backup-codes/count-unused-backup-codes';
import { DisableTotpForm, EnableTotpForm, ShowCodesForm, SignOutEverywhereForm, SignOutForm } from './forms';

export const metadata: Metadata = { title: 'Account Security' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const { session, user } = await requireSessionOrRedirect();
  const [unusedCodes, sessions, events, { notice }] = await Promise.all([
    countUnusedBackupCodes({ userId: user.id }),
    listActiveSessions({ userId: user.id }),
    listRecentAuditEvents({ userId: user.id }),
    searchParams,
  ]);
  return (
    <div className="space-y-8">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Account Security</h1>
          <p className="text-slate-600">{user.email}</p>
        </div>
        <SignOutForm />
      </div>

      {notice === 'mfa-disabled' && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Two-factor authentication is off. We sent a notice to {user.email}.
        </p>
      )}

      <section aria-labelledby="mfa-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <div className="flex items-center justify-between">
          <h2 id="mfa-heading" className="text-lg font-semibold">
            Two-factor authentication
          </h2>
          <span
            className={`rounded-full px-3 py-1 text-sm font-semibold ${user.isMfaEnabled ? 'bg-green-100 text-green-800' : 'bg-slate-200 text-slate-800'}`}
          >
            MFA status: {user.isMfaEnabled ? 'On' : 'Off'}
          </span>
        </div>
        {user.isMfaEnabled ? (
          <>
            <p className="text-sm text-slate-700">Signing in asks for a code from your authenticator app after your password.</p>
            <div className="space-y-3 border-t border-slate-200 pt-4">
              <h3 className="font-semibold">Backup codes</h3>
              <p className="text-sm">
                {unusedCodes} of {BACKUP_CODES_PER_SET} backup codes unused.
              </p>
              <ShowCodesForm email={user.email} needsCode={!hasRecentSecondFactor(session)} />
            </div>
            <details className="border-t border-slate-200 pt-4">
              <summary className="cursor-pointer font-semibold">Turn off two-factor authentication</summary>
              <div className="mt-3">
                <DisableTotpForm />
              </div>
            </details>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              Protect your mailbox with a code from an authenticator app (such as Google Authenticator, Microsoft Authenticator,
              1Password or Aegis) each time you sign in.
            </p>
            <EnableTotpForm />
          </>
        )}
      </section>

      <section aria-labelledby="sessions-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <ul className="divide-y divide-slate-200 text-sm">
          {sessions.map((row) => (
            <li key={row.id} className="py-2">
              <span className="font-medium">{row.id === session.id ? 'This browser' : (row.userAgent ?? 'Unknown device').slice(0, 80)}</span>
              <span className="block text-slate-600">
                {row.ip ?? 'unknown address'} · signed in {dateFormat.format(row.createdAt)} UTC · last active {dateFormat.format(row.lastSeenAt)} UTC
              </span>
            </li>
          ))}
        </ul>
        <SignOutEverywhereForm />
      </section>

      <section aria-labelledby="activity-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="activity-heading" className="text-lg font-semibold">
          Recent security activity
        </h2>
        <ul className="divide-y divide-slate-200 text-sm">
          {events.map((event) => (
            <li key={event.id} className="flex justify-between gap-4 py-2">
              <span>{event.description}</span>
              <span className="shrink-0 text-slate-600">
                {dateFormat.format(event.createdAt)} UTC{event.ip ? ` · ${event.ip}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
