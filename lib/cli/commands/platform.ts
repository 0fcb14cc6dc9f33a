// `gatehouse platform …`: see USAGE in lib/cli/run.ts.
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { type TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { parseBrandsMayLoosen, parsePolicyFlags } from '../policy-flags';
import { formatPolicy } from '../format-policy';
import { formatBrandsMayLoosen } from '../format-policy';
import type { Commands } from '../command';

export const platformCommands: Commands = {
  'platform show': async ({ values, out }) => {
    // --json prints the settings alone, as before; which switches brands may loosen is `brandsMayLoosen` of `platform set --json`.
    const { settings: policy, brandsMayLoosen } = await getEffectivePolicy('platform');
    out.log(values.json ? JSON.stringify(policy) : `${formatPolicy(policy)}\n${formatBrandsMayLoosen(brandsMayLoosen)}`);
    return 0;
  },
  'platform set': async ({ actor, values, out }) => {
    const brandsMayLoosen = parseBrandsMayLoosen(values['brands-may-loosen']);
    const changes = parsePolicyFlags(values, { canInherit: false, mayBeEmpty: brandsMayLoosen !== undefined }) as Partial<TPolicy>;
    const policy = await updatePlatformSettings({ actor, changes, brandsMayLoosen });
    const effective = await getEffectivePolicy('platform');
    out.log(
      values.json
        ? JSON.stringify({ ...policy, brandsMayLoosen: effective.brandsMayLoosen })
        : `Saved.\n${formatPolicy(policy)}\n${formatBrandsMayLoosen(effective.brandsMayLoosen)}`,
    );
    return 0;
  },
};
