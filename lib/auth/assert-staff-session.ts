import type { Role } from '@/lib/db/generated/enums';
import { AppError } from '@/lib/errors/app-error';
import type { CurrentSession } from './get-current-session';

/**
 * Staff tools (platform settings, support) need the role and a session that passed a second
 * factor: staff accounts must use MFA themselves, so a password alone never opens them.
 */
export function assertStaffSession(current: CurrentSession, role: Role): void {
  if (current.user.role !== role) throw new AppError('FORBIDDEN');
  if (!current.user.isMfaEnabled || !current.session.secondFactorAt) throw new AppError('STAFF_MFA_REQUIRED');
}

export function isStaffSessionReady(current: CurrentSession): boolean {
  return current.user.isMfaEnabled && current.session.secondFactorAt !== null;
}
