import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { roleCovers } from '@/lib/core/authorize';

/**
 * Whether a session's person holds a role that changes some brand's settings (a brand
 * administrator, or the platform's): what decides that the brand screens and their link exist.
 * Which brands, the verbs and listBrands decide through the same role table.
 */
export function mayManageBrands(current: CurrentSession): boolean {
  return current.user.roles.some((held) => roleCovers(held, 'brand_settings.change', { brandId: held.brandId ?? 'any' }));
}
