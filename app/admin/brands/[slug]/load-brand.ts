import { notFound } from 'next/navigation';
import { mayManageBrands } from '@/lib/access/may-manage-brands';
import { findBrand } from '@/lib/brands/find-brand';
import type { Actor } from '@/lib/core/actor';
import { refusalOf, type BrandAction } from '@/lib/core/authorize';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';

export type LoadedBrand = { id: string; slug: string; name: string };

/**
 * The brand of a console page, for someone who may do `action` in it: anyone else meets a 404,
 * exactly like an unknown brand (another brand's pages do not exist for them); a staff session
 * without its second factor is told to pass one (`null` brand). The verbs the page calls decide
 * again, so a forged request meets the same refusal.
 */
export async function loadBrand(
  slug: string,
  action: BrandAction,
): Promise<{ current: CurrentSession; actor: null; brand: null } | { current: CurrentSession; actor: Actor & { kind: 'staff' }; brand: LoadedBrand }> {
  const current = await requireSessionOrRedirect();
  if (!mayManageBrands(current)) notFound();
  if (!isStaffSessionReady(current)) return { current, actor: null, brand: null };
  const brand = await findBrand(slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'BRAND_NOT_FOUND') notFound();
    throw error;
  });
  const actor = staffActor(current, await getRequestContext());
  if (refusalOf(actor, action, { brandId: brand.id })) notFound();
  return { current, actor, brand: { id: brand.id, slug: brand.slug, name: brand.name } };
}
