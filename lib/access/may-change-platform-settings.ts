import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { roleCovers } from '@/lib/core/authorize';

/**
 * Whether a session's person holds a role that may change the platform's settings: what decides
 * that the screen and its link exist at all. The verb asks `authorize`, which applies the same
 * table of what each role may do.
 */
export function mayChangePlatformSettings(current: CurrentSession): boolean {
  return current.user.roles.some((held) => roleCovers(held, 'platform_settings.change', 'platform'));
}
