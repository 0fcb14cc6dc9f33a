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
      {/* A search changes nothing, so it is a GET, like the mailbox search. */}
      <form method="get" action="/support/organisations" role="search" className="space-y-2">
        <label htmlFor="organisations-q" className="block text-sm font-medium">
          Account name or member address
        </label>
        <div className="flex gap-2">
          <input
            id="organisations-q"
            name="q"
            type="search"
            defaultValue={query?.slice(0, MAX_SEARCH_LENGTH)}
            maxLength={MAX_SEARCH_LENGTH}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'organisations-q-error' : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
          />
          <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
            Search
          </button>
        </div>
        {error && (
          <p id="organisations-q-error" role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
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
