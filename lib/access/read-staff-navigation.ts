import type { Actor } from '@/lib/core/actor';
import { brandsInScope } from '@/lib/core/authorize';
import { listBrands } from '@/lib/brands/list-brands';
import { mayChangePlatformSettings } from './may-change-platform-settings';
import { mayUseSupportConsole } from './may-use-support-console';

/**
 * What the staff navigation offers one person, from the same role table the verbs ask: the brands
 * whose console (settings, look, domains, mailboxes, activity) they hold, whether they manage
 * every brand (the platform's administrators, whose menu shows a brand's links on its pages), the
 * platform settings, the support console and its organisations.
 */
export type StaffNavigation = {
  brands: ReadonlyArray<{ slug: string; name: string }>;
  everyBrand: boolean;
  platformSettings: boolean;
  support: boolean;
  organisations: boolean;
};

export async function readStaffNavigation(actor: Actor & { kind: 'staff' }): Promise<StaffNavigation | null> {
  const brandScope = brandsInScope(actor, 'brand_settings.change');
  const organisationScope = brandsInScope(actor, 'organisation.view');
  const navigation: StaffNavigation = {
    brands: brandScope === 'all' || brandScope.length > 0 ? (await listBrands({ actor })).map(({ slug, name }) => ({ slug, name })) : [],
    everyBrand: brandScope === 'all',
    platformSettings: mayChangePlatformSettings(actor.current),
    support: mayUseSupportConsole(actor.current),
    organisations: organisationScope === 'all' || organisationScope.length > 0,
  };
  return navigation.brands.length > 0 || navigation.platformSettings || navigation.support ? navigation : null;
}
