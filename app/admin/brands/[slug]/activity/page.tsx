import type { Metadata } from 'next';
import { ACTIVITY_KINDS, listBrandActivity, type BrandActivity } from '@/lib/brands/list-brand-activity';
import { formatDateTime } from '@/lib/core/format';
import { isAppError } from '@/lib/errors/app-error';
import { MAX_SEARCH_LENGTH } from '@/lib/support/find-mailboxes';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { oneParam, pageParam, queryString } from '../console-query';
import { loadBrand } from '../load-brand';
import { Pager } from '../pager';

export const metadata: Metadata = { title: 'Activity' };

type Search = { kind?: string | string[]; mailbox?: string | string[]; page?: string | string[] };

export default async function BrandActivityPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { actor, brand } = await loadBrand((await params).slug, 'brand_activity.view');
  if (!brand) return <StaffMfaRequired title="Activity" />;
  const search = await searchParams;
  const filter = { kind: oneParam(search.kind), mailbox: oneParam(search.mailbox) };
  const path = `/admin/brands/${brand.slug}/activity`;
  let activity: BrandActivity | null = null;
  let error: { field: string; message: string } | null = null;
  try {
    activity = await listBrandActivity({ actor, brandId: brand.id, kind: filter.kind, mailbox: filter.mailbox, page: pageParam(search.page) });
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    error = { field: Object.keys(caught.fieldErrors ?? {})[0] === 'kind' ? 'kind' : 'mailbox', message: caught.userMessage };
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">{brand.name}</p>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className="text-slate-600">What happened to the brand&apos;s mailboxes and settings, newest first: who did it, on whom, and the reason staff gave.</p>
      </div>
      <form method="get" action={path} role="search" aria-label="Activity" className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="activity-kind" className="block text-sm font-medium">
            Kind
          </label>
          <select
            id="activity-kind"
            name="kind"
            defaultValue={filter.kind}
            aria-invalid={error?.field === 'kind' ? true : undefined}
            aria-describedby={error?.field === 'kind' ? 'activity-error' : undefined}
            className="block max-w-xs rounded-md border border-slate-300 px-3 py-2"
          >
            <option value="">Every kind</option>
            {ACTIVITY_KINDS.map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor="activity-mailbox" className="block text-sm font-medium">
            Mailbox address contains
          </label>
          <input
            id="activity-mailbox"
            name="mailbox"
            type="search"
            defaultValue={filter.mailbox.slice(0, MAX_SEARCH_LENGTH)}
            maxLength={MAX_SEARCH_LENGTH}
            aria-invalid={error?.field === 'mailbox' ? true : undefined}
            aria-describedby={error?.field === 'mailbox' ? 'activity-error' : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
          Show
        </button>
      </form>
      {error && (
        <p id="activity-error" role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
      {activity &&
        (activity.rows.length === 0 ? (
          <p role="status">Nothing matches that.</p>
        ) : (
          <div className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
              <p role="status">
                {activity.matching} {activity.matching === 1 ? 'event' : 'events'}
              </p>
              <a href={`/admin/brands/${brand.slug}/activity.csv${queryString(filter)}`} className="text-blue-700 underline" download>
                Download CSV
              </a>
            </div>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">The brand&apos;s activity; times in UTC</caption>
                <thead className="bg-slate-50 text-slate-700">
                  <tr>
                    <th scope="col" className="p-2">When (UTC)</th>
                    <th scope="col" className="p-2">What</th>
                    <th scope="col" className="p-2">Who</th>
                    <th scope="col" className="p-2">On whom</th>
                    <th scope="col" className="p-2">Reason</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {activity.rows.map((row) => (
                    <tr key={row.id}>
                      <td className="p-2 whitespace-nowrap">{formatDateTime(row.at)}</td>
                      <td className="p-2">{row.what}</td>
                      <td className="p-2 break-all">{row.who}</td>
                      <td className="p-2 break-all">{row.onWhom ?? 'The brand'}</td>
                      <td className="p-2">{row.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager path={path} filter={filter} page={activity.page} pageCount={activity.pageCount} label="Activity pages" />
          </div>
        ))}
    </div>
  );
}
