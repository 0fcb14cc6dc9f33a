import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { findMailboxes, MAX_SEARCH_LENGTH, type FoundMailbox } from '@/lib/support/find-mailboxes';
import { StaffMfaRequired } from '@/components/staff-mfa-required';

export const metadata: Metadata = { title: 'Support' };

export default async function SupportPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const current = await requireSessionOrRedirect();
  // A 404 keeps the console's existence from anyone who supports no mailbox.
  if (!mayUseSupportConsole(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Support" />;
  const { q } = await searchParams;
  const query = typeof q === 'string' ? q : undefined;
  let found: { mailboxes: FoundMailbox[]; isTruncated: boolean } | null = null;
  let error: string | null = null;
  if (query !== undefined) {
    try {
      found = await findMailboxes({ actor: staffActor(current, await getRequestContext()), query });
    } catch (caught) {
      if (!isAppError(caught)) throw caught;
      error = caught.userMessage;
    }
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/settings/security" className="text-sm text-blue-700 underline">
          Back to Account Security
        </Link>
        <h1 className="text-2xl font-semibold">Support</h1>
        <p className="text-slate-600">Find a mailbox you support to see its security and help its owner back in.</p>
        <p className="text-sm">
          <Link href="/support/organisations" className="text-blue-700 underline">
            Organisations
          </Link>
          : family and business accounts, their members, balance and history.
        </p>
      </div>
      {/* A search changes nothing, so it is a GET: the address bar can be shared with a colleague. */}
      <form method="get" action="/support" role="search" className="space-y-2">
        <label htmlFor="support-q" className="block text-sm font-medium">
          Mailbox address or domain
        </label>
        <div className="flex gap-2">
          <input
            id="support-q"
            name="q"
            type="search"
            defaultValue={query?.slice(0, MAX_SEARCH_LENGTH)}
            maxLength={MAX_SEARCH_LENGTH}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'support-q-error' : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
          />
          <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
            Search
          </button>
        </div>
        {error && (
          <p id="support-q-error" role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
      {found &&
        (found.mailboxes.length === 0 ? (
          <p role="status">No mailbox you support matches that.</p>
        ) : (
          <div className="space-y-2">
            <ul aria-label="Mailboxes" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
              {found.mailboxes.map((mailbox) => (
                <li key={mailbox.id} className="flex items-center justify-between gap-4 p-3">
                  <Link href={`/support/mailboxes/${mailbox.id}`} className="font-medium text-blue-700 underline">
                    {mailbox.email}
                  </Link>
                  <span className="text-sm text-slate-600">{mailbox.brandName}</span>
                </li>
              ))}
            </ul>
            {found.isTruncated && <p className="text-sm text-slate-600">Showing the first {found.mailboxes.length}; search for more of the address.</p>}
          </div>
        ))}
    </div>
  );
}
