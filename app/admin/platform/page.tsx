import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayChangePlatformSettings } from '@/lib/access/may-change-platform-settings';
import { isStaffSessionReady } from '@/lib/access/staff-actor';
import { hasRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/auth/require-session';
import { POLICY_METHODS } from '@/lib/core/factor-kinds/methods';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { listPolicyChanges, type PolicyChange } from '@/lib/policy/list-policy-changes';
import { availableKey, methodName, selfServiceKey } from '@/lib/policy/policy-settings';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { ACCOUNT_SWITCHES } from '@/lib/policy/account-switches';
import { DefaultsForm } from './defaults-form';
import { PolicyForm } from './policy-form';

export const metadata: Metadata = { title: 'Platform settings' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function PlatformSettingsPage() {
  const current = await requireSessionOrRedirect();
  // forbidden() still needs experimental.authInterrupts in Next 16; a 404 also keeps the screen's
  // existence from anyone who is not a platform administrator.
  if (!mayChangePlatformSettings(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Platform settings" />;
  const [{ settings: policy, brandsMayLoosen }, changes] = await Promise.all([getEffectivePolicy('platform'), listPolicyChanges({ take: 10 })]);
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
                  {dateFormat.format(change.createdAt)} UTC · {change.actorEmail ?? (change.operator ? `${change.operator} at the command line` : 'the command line')}
                </span>
                <span className="block">{describeChanges(change.changed)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

function describeChanges(changed: PolicyChange['changed']): string {
  const parts: string[] = [];
  for (const method of POLICY_METHODS) {
    const available = changed[availableKey(method)];
    const selfService = changed[selfServiceKey(method)];
    if (available !== undefined) parts.push(`${methodName(method)}, available: ${onOff(available)}`);
    if (selfService !== undefined) parts.push(`${methodName(method)}, users can set it up themselves: ${onOff(selfService)}`);
  }
  if (changed.codesMayStandAlone !== undefined) {
    parts.push(
      `Text, call and e-mail codes may be: ${changed.codesMayStandAlone ? 'the only second factor' : 'only a backup to an authenticator app'}`,
    );
  }
  for (const { key, label } of ACCOUNT_SWITCHES) {
    const value = changed[key];
    if (typeof value === 'boolean') parts.push(`${label}: ${onOff(value)}`);
  }
  if (changed.brandsMayLoosen !== undefined) {
    const labels = ACCOUNT_SWITCHES.filter(({ key }) => changed.brandsMayLoosen?.includes(key)).map(({ label }) => label);
    parts.push(`Brands may loosen: ${labels.length > 0 ? labels.join(', ') : 'nothing'}`);
  }
  if (changed.enrolmentDays !== undefined) parts.push(`Enrolment period: ${changed.enrolmentDays} days`);
  if (changed.enforceFrom !== undefined) parts.push(`Required from: ${changed.enforceFrom ?? 'the start'}`);
  return parts.length > 0 ? parts.join('; ') : 'Saved with no change';
}
