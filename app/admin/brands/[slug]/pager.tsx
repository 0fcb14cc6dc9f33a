import Link from 'next/link';
import { queryString } from './console-query';

/** "Page 2 of 5" with Previous and Next links that keep the list's filter. */
export function Pager({ path, filter, page, pageCount, label }: { path: string; filter: Record<string, string>; page: number; pageCount: number; label: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={`${path}${queryString({ ...filter, page: page - 1 })}`} className="text-blue-700 underline">
          Previous page
        </Link>
      ) : null}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={`${path}${queryString({ ...filter, page: page + 1 })}`} className="text-blue-700 underline">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
