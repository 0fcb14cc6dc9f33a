import type { CurrentSession } from '@/lib/auth/get-current-session';
import { staffRoleMay } from './authorize';
import { staffRoleOf } from './staff-actor';

/**
 * Whether a session's person holds a role that may change the platform's settings: what decides
 * that the screen and its link exist at all. The verb asks `authorize`, which applies the same
 * table of what each role may do.
 */
export function mayChangePlatformSettings(current: CurrentSession): boolean {
  const role = staffRoleOf(current);
  return role !== null && staffRoleMay(role, 'platform_settings.change');
}
