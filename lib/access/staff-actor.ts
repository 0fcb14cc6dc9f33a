import type { CurrentSession } from '@/lib/auth/get-current-session';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { Actor, StaffRole } from './actor';

/**
 * A signed-in session acting as staff. Staff accounts must use MFA themselves, so a session that
 * did not pass a second factor never becomes a staff actor, whatever its role.
 */
export function staffActor(current: CurrentSession, request: RequestContext): Actor & { kind: 'staff' } {
  const role = staffRoleOf(current);
  if (!role) throw new AppError('FORBIDDEN');
  if (!isStaffSessionReady(current)) throw new AppError('STAFF_MFA_REQUIRED');
  return { kind: 'staff', current, role, scope: { kind: 'platform' }, request };
}

export function staffRoleOf(current: CurrentSession): StaffRole | null {
  return current.user.role === 'ADMIN' || current.user.role === 'SUPPORT' ? current.user.role : null;
}

export function isStaffSessionReady(current: CurrentSession): boolean {
  return current.user.isMfaEnabled && current.session.secondFactorAt !== null;
}
