import { notFound, redirect } from 'next/navigation';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { getRequestContext } from '@/lib/http/request-context';
import { readOrganisationHome } from '@/lib/organisations/read-organisation-home';

/**
 * The signed-in mailbox's organisation; `administrators` pages are not there for anyone else, nor
 * `credits` pages (the balance, buying, the history) for anyone but administrators and billing.
 * A page of forms (`acts`) sends an administrator without a second factor back to /org, which
 * tells it to enrol first.
 */
export async function loadOrganisation({ administrators, credits = false, acts = false }: { administrators: boolean; credits?: boolean; acts?: boolean }) {
  const current = await requireSessionOrRedirect();
  const home = await readOrganisationHome({ current, request: await getRequestContext() });
  if (!home || (administrators && !home.isAdministrator) || (credits && !home.mayViewCredits)) notFound();
  if (acts && home.needsTwoFactor) redirect('/org');
  return { current, home };
}
