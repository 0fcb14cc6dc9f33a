import type { Actor } from '@/lib/core/actor';
import { findBrand } from '@/lib/brands/find-brand';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { getCurrentSession } from '@/lib/sessions/get-current-session';

/**
 * A console list as a CSV download (`<slug>-<name>.csv`), with the list's filters from the URL and
 * every page. A download changes nothing, so it is a GET; who may read it the verb `build` calls
 * decides, and anyone it refuses (another brand's staff, a forged URL) gets the same 404 as an
 * unknown brand.
 */
export async function brandCsvDownload(
  request: Request,
  params: Promise<{ slug: string }>,
  name: string,
  build: (input: { actor: Actor; brandId: string; search: URLSearchParams }) => Promise<string>,
): Promise<Response> {
  const current = await getCurrentSession();
  if (!current) return new Response('Please sign in.', { status: 401 });
  if (current.user.roles.length === 0 || !isStaffSessionReady(current)) return new Response('Not found.', { status: 404 });
  try {
    const brand = await findBrand((await params).slug);
    const csv = await build({ actor: staffActor(current, await getRequestContext()), brandId: brand.id, search: new URL(request.url).searchParams });
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${brand.slug}-${name}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (isAppError(error)) return new Response(error.userMessage, { status: error.status === 403 ? 404 : error.status });
    throw error;
  }
}
