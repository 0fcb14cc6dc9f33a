import type { ReactNode } from 'react';
import { readStaffNavigation } from '@/lib/access/read-staff-navigation';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { getRequestContext } from '@/lib/http/request-context';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { StaffNav } from './staff-nav';

/**
 * The layout of the staff screens (/admin, /support): the staff navigation on the left, the page
 * beside it. Nobody without a staff session fit to act sees the menu; each page still decides for
 * itself (404, or "turn on two-factor authentication") as before. On wide screens it takes more
 * room than the root layout's column, as its tables need.
 */
export async function StaffShell({ children }: { children: ReactNode }) {
  const current = await getCurrentSession();
  const navigation =
    current && current.user.roles.length > 0 && isStaffSessionReady(current) ? await readStaffNavigation(staffActor(current, await getRequestContext())) : null;
  if (!navigation) return children;
  return (
    <div className="grid gap-8 md:grid-cols-[11rem_minmax(0,1fr)] xl:-mx-36">
      <StaffNav navigation={navigation} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
