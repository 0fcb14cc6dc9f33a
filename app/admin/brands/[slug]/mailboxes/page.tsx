import type { Metadata } from 'next';
import Link from 'next/link';
import {
  adoptionPercent,
  listBrandMailboxes,
  MAILBOX_STATES,
  twoFactorWords,
  type BrandMailboxList,
  type MailboxState,
} from '@/lib/brands/list-brand-mailboxes';
import { formatDate, formatDateTime } from '@/lib/core/format';
import { isAppError } from '@/lib/errors/app-error';
import { MAX_SEARCH_LENGTH } from '@/lib/support/find-mailboxes';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { oneParam, pageParam, queryString } from '../console-query';
import { loadBrand } from '../load-brand';
import { Pager } from '../pager';

export const metadata: Metadata = { title: 'Mailboxes' };

type Search = { q?: string | string[]; state?: string | string[]; page?: string | string[] };

export default async function BrandMailboxesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { actor, brand } = await loadBrand((await params).slug, 'brand_mailboxes.view');
  if (!brand) return <StaffMfaRequired title="Mailboxes" />;
  const search = await searchParams;
  const filter = { q: oneParam(search.q), state: oneParam(search.state) };
  const path = `/admin/brands/${brand.slug}/mailboxes`;
  let list: BrandMailboxList | null = null;
  let error: { field: string; message: string } | null = null;
  try {
    list = await listBrandMailboxes({ actor, brandId: brand.id, query: filter.q, state: filter.state || 'all', page: pageParam(search.page) });
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    error = { field: Object.keys(caught.fieldErrors ?? {})[0] ?? 'q', message: caught.userMessage };
  }
  const counts = list?.counts;
  const countOf = (state: MailboxState) => (counts ? (state === 'all' ? counts.total : counts[state]) : 0);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">{brand.name}</p>
        <h1 className="text-2xl font-semibold">Mailboxes</h1>
      </div>
      {counts && (
        <section aria-labelledby="adoption-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="adoption-heading" className="text-lg font-semibold">
            {adoptionPercent(counts)} % use two-factor authentication
          </h2>
          <ul aria-label="Mailboxes by two-factor state" className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            {MAILBOX_STATES.map(({ state, label }) => (
              <li key={state}>
                <Link href={`${path}${queryString({ q: filter.q, state: state === 'all' ? '' : state })}`} className="text-blue-700 underline">
                  {label}
                </Link>
                : <span data-testid={`count-${state}`}>{countOf(state)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form method="get" action={path} role="search" aria-label="Mailboxes" className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor="mailboxes-q" className="block text-sm font-medium">
            Address contains
          </label>
          <input
            id="mailboxes-q"
            name="q"
            type="search"
            defaultValue={filter.q.slice(0, MAX_SEARCH_LENGTH)}
            maxLength={MAX_SEARCH_LENGTH}
            aria-invalid={error?.field === 'q' ? true : undefined}
            aria-describedby={error?.field === 'q' ? 'mailboxes-error' : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="mailboxes-state" className="block text-sm font-medium">
            Two-factor state
          </label>
          <select
            id="mailboxes-state"
            name="state"
            defaultValue={filter.state || 'all'}
            aria-invalid={error?.field === 'state' ? true : undefined}
            aria-describedby={error?.field === 'state' ? 'mailboxes-error' : undefined}
            className="block rounded-md border border-slate-300 px-3 py-2"
          >
            {MAILBOX_STATES.map(({ state, label }) => (
              <option key={state} value={state}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
          Show
        </button>
      </form>
      {error && (
        <p id="mailboxes-error" role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
      {list &&
        (list.mailboxes.length === 0 ? (
          <p role="status">No mailbox of the brand matches that.</p>
        ) : (
          <div className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
              <p role="status">
                {list.matching} {list.matching === 1 ? 'mailbox' : 'mailboxes'}
              </p>
              <a href={`/admin/brands/${brand.slug}/mailboxes.csv${queryString({ q: filter.q, state: filter.state })}`} className="text-blue-700 underline" download>
                Download CSV
              </a>
            </div>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">The brand&apos;s mailboxes; times in UTC</caption>
                <thead className="bg-slate-50 text-slate-700">
                  <tr>
                    <th scope="col" className="p-2">Mailbox</th>
                    <th scope="col" className="p-2">Two-factor</th>
                    <th scope="col" className="p-2">Backup codes left</th>
                    <th scope="col" className="p-2">Enrolment deadline</th>
                    <th scope="col" className="p-2">Last sign-in (UTC)</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {list.mailboxes.map((mailbox) => (
                    <tr key={mailbox.id}>
                      <th scope="row" className="p-2 font-medium break-all">
                        {mailbox.mayOpen ? (
                          <Link href={`/support/mailboxes/${mailbox.id}`} className="text-blue-700 underline">
                            {mailbox.email}
                          </Link>
                        ) : (
                          mailbox.email
                        )}
                      </th>
                      <td className="p-2">{twoFactorWords(mailbox)}</td>
                      <td className="p-2">{mailbox.backupCodesLeft}</td>
                      <td className="p-2">{mailbox.enrolmentDeadline ? formatDate(mailbox.enrolmentDeadline) : '—'}</td>
                      <td className="p-2">{mailbox.lastSignInAt ? formatDateTime(mailbox.lastSignInAt) : 'Never'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager path={path} filter={filter} page={list.page} pageCount={list.pageCount} label="Mailbox pages" />
          </div>
        ))}
    </div>
  );
}
