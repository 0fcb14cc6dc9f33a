import { FLOOR_KEYS, STRICTER_VALUE, type EffectivePolicy, type FloorKey } from './policy-settings';

/**
 * The security switches the platform holds for brands: it set them the stricter way and did not
 * let brands loosen them, so a brand cannot change them (it may only follow). The brand screen
 * shows these as "Held by the platform"; updateBrandSettings refuses a looser value whatever screen
 * sent it.
 */
export function switchesHeldByPlatform(platform: Pick<EffectivePolicy, 'settings' | 'brandsMayLoosen'>): FloorKey[] {
  return FLOOR_KEYS.filter((key) => platform.settings[key] === STRICTER_VALUE[key] && !platform.brandsMayLoosen.includes(key));
}
