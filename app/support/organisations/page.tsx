import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { brandsInScope } from '@/lib/core/authorize';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { MAX_SEARCH_LENGTH } from '@/lib/support/find-mailboxes';
import { findOrganisations, type FoundOrganisation } from '@/lib/support/find-organisations';
import { SearchForm } from '@/components/search-form';
import { StaffMfaRequired } from '@/components/staff-mfa-required';

export const metadata: Metadata = { title: 'Organisations · Support' };

export default async function SupportOrganisationsPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const current = await requireSessionOrRedirect();
  // A 404 keeps the screen's existence from anyone who supports no mailbox.
  if (!mayUseSupportConsole(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Organisations" />;
  const actor = staffActor(current, await getRequestContext());
  const scope = brandsInScope(actor, 'organisation.view');
  if (scope !== 'all' && scope.length === 0) notFound();
  const { q } = await searchParams;
  const query = typeof q === 'string' ? q : undefined;
  let found: { organisations: FoundOrganisation[]; isTruncated: boolean } | null = null;
  let error: string | null = null;
  if (query !== undefined) {
    try {
      found = await findOrganisations({ actor, query });
    } catch (caught) {
      if (!isAppError(caught)) throw caught;
      error = caught.userMessage;
    }
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/support" className="text-sm text-blue-700 underline">
          Back to Support
        </Link>
        <h1 className="text-2xl font-semibold">Organisations</h1>
        <p className="text-slate-600">Find a family or business account by its name or a member’s address to see its members, balance and history.</p>
      </div>
      <SearchForm action="/support/organisations" id="organisations-q" label="Account name or member address" query={query} maxLength={MAX_SEARCH_LENGTH} error={error} />
      {found &&
        (found.organisations.length === 0 ? (
          <p role="status">No family or business account you support matches that.</p>
        ) : (
          <div className="space-y-2">
            <ul aria-label="Organisations" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
              {found.organisations.map((organisation) => (
                <li key={organisation.id} className="flex flex-wrap items-center justify-between gap-4 p-3">
                  <Link href={`/support/organisations/${organisation.id}`} className="font-medium text-blue-700 underline">
                    {organisation.name}
                  </Link>
                  <span className="text-sm text-slate-600">
                    {organisationKindWord(organisation.kind)} · {organisation.brandName} · {organisation.members} members · {organisation.creditBalance.toLocaleString('en')} credits
                  </span>
                </li>
              ))}
            </ul>
            {found.isTruncated && <p className="text-sm text-slate-600">Showing the first {found.organisations.length}; search for more of the name.</p>}
          </div>
        ))}
    </div>
  );
}
