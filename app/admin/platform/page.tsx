import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayChangePlatformSettings } from '@/lib/access/may-change-platform-settings';
import { formatDateTime } from '@/lib/core/format';
import { isStaffSessionReady } from '@/lib/core/staff-actor';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { readPlatformSettingsScreen } from '@/lib/policy/read-platform-settings-screen';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { DefaultsForm } from './defaults-form';
import { PolicyForm } from './policy-form';

export const metadata: Metadata = { title: 'Platform settings' };

export default async function PlatformSettingsPage() {
  const current = await requireSessionOrRedirect();
  // forbidden() still needs experimental.authInterrupts in Next 16; a 404 also keeps the screen's
  // existence from anyone who is not a platform administrator.
  if (!mayChangePlatformSettings(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Platform settings" />;
  const { policy, brandsMayLoosen, changes } = await readPlatformSettingsScreen({ take: 10 });
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <Link href="/settings/security" className="text-sm text-blue-700 underline">
          Back to Account Security
        </Link>
        <h1 className="text-2xl font-semibold">Platform settings</h1>
        <p className="text-slate-600">
          Choose which second factors exist on this platform, and which ones users may set up themselves. When a method is not
          self-service, only an administrator can set it up for a user.
        </p>
      </div>

      <section aria-labelledby="policy-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="policy-heading" className="text-lg font-semibold">
          Methods
        </h2>
        <PolicyForm policy={policy} needsCode={!hasRecentSecondFactor(current.session)} />
      </section>

      <section aria-labelledby="defaults-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="defaults-heading" className="text-lg font-semibold">
          Every brand&apos;s defaults
        </h2>
        <p className="text-sm text-slate-600">What mailboxes may do, in every brand that does not set its own value.</p>
        <DefaultsForm policy={policy} brandsMayLoosen={brandsMayLoosen} needsCode={!hasRecentSecondFactor(current.session)} />
      </section>

      <section aria-labelledby="changes-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="changes-heading" className="text-lg font-semibold">
          Recent changes
        </h2>
        {changes.length === 0 ? (
          <p className="text-sm text-slate-600">No administrator has changed these settings yet; the defaults are in force.</p>
        ) : (
          <ul aria-labelledby="changes-heading" className="divide-y divide-slate-200 text-sm">
            {changes.map((change) => (
              <li key={change.id} className="space-y-1 py-2">
                <span className="block text-slate-600">
                  {formatDateTime(change.createdAt)} UTC · {change.actorEmail ?? (change.operator ? `${change.operator} at the command line` : 'the command line')}
                </span>
                <span className="block">{change.description}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
