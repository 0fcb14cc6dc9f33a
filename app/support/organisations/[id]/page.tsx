import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { formatDate } from '@/lib/core/format';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { readOrganisationForStaff, type OrganisationForStaff } from '@/lib/support/read-organisation-for-staff';
import { CreditHistoryTable } from '@/app/org/history/credit-history-table';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { AdjustCreditsForm } from './adjust-credits-form';
import { CreditBalance } from '@/components/credit-balance';

export const metadata: Metadata = { title: 'Organisation · Support' };

const ROLE_WORDS = { ADMINISTRATOR: 'Administrator', MEMBER: 'Member', BILLING: 'Billing' } as const;

export default async function SupportOrganisationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> }) {
  const current = await requireSessionOrRedirect();
  if (!mayUseSupportConsole(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Organisations" />;
  const [{ id }, { done }] = await Promise.all([params, searchParams]);
  if (!z.uuid().safeParse(id).success) notFound();
  let organisation: OrganisationForStaff;
  try {
    organisation = await readOrganisationForStaff({ actor: staffActor(current, await getRequestContext()), organisationId: id });
  } catch (error) {
    // Another brand's organisation is a 404, exactly like one that does not exist.
    if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'ORGANISATION_NOT_FOUND')) notFound();
    throw error;
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/support/organisations" className="text-sm text-blue-700 underline">
          Back to Organisations
        </Link>
        <h1 className="text-2xl font-semibold">{organisation.name}</h1>
        <p className="text-slate-600">
          {organisationKindWord(organisation.kind)} account · {organisation.brand.name} · SMS two-factor logins {organisation.allowSmsLogins ? 'allowed' : 'off'}
        </p>
      </div>
      {done === 'adjusted' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          The balance is adjusted and the change is in the history. The administrators were e-mailed.
        </p>
      )}

      <section aria-labelledby="members-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Members of {organisation.name}</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-2 pr-3">Mailbox</th>
                <th scope="col" className="py-2 pr-3">Role</th>
                <th scope="col" className="py-2 pr-3">Two-factor authentication</th>
                <th scope="col" className="py-2">Member since (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {organisation.members.map((member) => (
                <tr key={member.id} className="border-b border-slate-100">
                  <td className="py-2 pr-3">
                    <Link href={`/support/mailboxes/${member.id}`} className="text-blue-700 underline">
                      {member.email}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">{ROLE_WORDS[member.role]}</td>
                  <td className="py-2 pr-3">{member.isMfaEnabled ? 'On' : 'Off'}</td>
                  <td className="py-2">{formatDate(member.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {organisation.pendingInvitations > 0 && <p className="text-sm text-slate-600">{organisation.pendingInvitations} invitations not yet answered.</p>}
      </section>

      <section aria-labelledby="credits-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <CreditBalance balance={organisation.creditBalance} />
        {organisation.mayAdjustCredits ? (
          <details>
            <summary className="cursor-pointer text-sm font-semibold">Adjust credits</summary>
            <div className="mt-3 space-y-3">
              <p className="text-sm text-slate-700">For a goodwill grant or a charge reversed outside Gatehouse. It is audited, shown in the history, and the administrators are e-mailed.</p>
              <AdjustCreditsForm organisationId={organisation.id} brandId={organisation.brand.id} needsCode={!hasRecentSecondFactor(current.session)} />
            </div>
          </details>
        ) : (
          <p className="text-sm text-slate-600">Only platform support adjusts a balance; you can see it here.</p>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        <p className="text-sm text-slate-600">The latest {organisation.history.length === 50 ? '50 ' : ''}entries, newest first.</p>
        <CreditHistoryTable rows={organisation.history} />
      </section>
    </div>
  );
}
