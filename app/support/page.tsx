import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { findMailboxes, MAX_SEARCH_LENGTH, type FoundMailbox } from '@/lib/support/find-mailboxes';
import { SearchForm } from '@/components/search-form';
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
      </div>
      <SearchForm action="/support" id="support-q" label="Mailbox address or domain" query={query} maxLength={MAX_SEARCH_LENGTH} error={error} />
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
