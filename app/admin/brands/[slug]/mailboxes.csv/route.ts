import { brandMailboxesCsv, listBrandMailboxes } from '@/lib/brands/list-brand-mailboxes';
import { findBrand } from '@/lib/brands/find-brand';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { getCurrentSession } from '@/lib/sessions/get-current-session';

// The brand's mailboxes as CSV, with the list's search and filter, every page. A download changes
// nothing, so it is a GET; who may read it the verb decides, and anyone it refuses (another brand's
// staff, a forged URL) gets the same 404 as an unknown brand.
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const current = await getCurrentSession();
  if (!current) return new Response('Please sign in.', { status: 401 });
  if (current.user.roles.length === 0 || !isStaffSessionReady(current)) return new Response('Not found.', { status: 404 });
  const search = new URL(request.url).searchParams;
  try {
    const { slug } = await params;
    const brand = await findBrand(slug);
    const { mailboxes } = await listBrandMailboxes({
      actor: staffActor(current, await getRequestContext()),
      brandId: brand.id,
      query: search.get('q') ?? '',
      state: search.get('state') || 'all',
      page: 'all',
    });
    return new Response(brandMailboxesCsv(mailboxes), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${brand.slug}-mailboxes.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (isAppError(error)) return new Response(error.userMessage, { status: error.status === 403 ? 404 : error.status });
    throw error;
  }
}
