import { selfActor } from '@/lib/core/actor';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { creditHistoryCsv, listCreditHistory } from '@/lib/credits/list-credit-history';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { readMembership } from '@/lib/organisations/find-organisation';

// The organisation's whole ledger as CSV, for its administrators. A download changes nothing, so
// it is a GET; who may read it the verb decides, as for the page.
export async function GET(): Promise<Response> {
  const current = await getCurrentSession();
  if (!current) return new Response('Please sign in.', { status: 401 });
  const membership = await readMembership(current.user.id);
  if (!membership) return new Response('Not found.', { status: 404 });
  try {
    const rows = await listCreditHistory({ actor: selfActor(current, await getRequestContext()), organisationId: membership.organisation.id });
    return new Response(creditHistoryCsv(rows), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="sms-credit-history.csv"',
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (isAppError(error)) return new Response(error.userMessage, { status: error.status === 403 ? 404 : error.status });
    throw error;
  }
}
