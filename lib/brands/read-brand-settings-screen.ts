import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { switchesHeldByPlatform } from '@/lib/policy/held-by-platform';
import { readBrandLookSettings } from './read-brand-look-settings';

/**
 * What the brand settings screen shows: the policy in force for the brand's mailboxes with where
 * each setting comes from, the platform's settings beside it, the switches the platform holds, and
 * the brand's look. The page has authorised the reader for this brand.
 */
export async function readBrandSettingsScreen({ brandId }: { brandId: string }) {
  const [effective, platform, lookSettings] = await Promise.all([
    getEffectivePolicy({ brandId }),
    getEffectivePolicy('platform'),
    readBrandLookSettings({ brandId }),
  ]);
  return { effective, platform: platform.settings, held: switchesHeldByPlatform(platform), lookSettings };
}
