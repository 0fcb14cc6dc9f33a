import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { roleCovers } from '@/lib/core/authorize';

/**
 * Whether a session's person holds a role that supports some brand's mailboxes (brand support and
 * administrators, the platform's support and administrators): what decides that the support
 * console and its link exist. Which mailboxes, findMailboxes and the verbs decide.
 */
export function mayUseSupportConsole(current: CurrentSession): boolean {
  return current.user.roles.some((held) => roleCovers(held, 'mailbox.inspect', { userId: '', brandId: held.brandId ?? 'any', isStaff: false }));
}
