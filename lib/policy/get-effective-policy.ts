import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { brandScope, PLATFORM_SCOPE, readPolicyLayers, type PolicyLayer } from './policy-layer';
import { DEFAULT_POLICY, METHOD_POLICY_KEYS, POLICY_KEYS, type EffectivePolicy, type PolicyKey, type PolicySource, type TPolicy } from './policy-settings';

export type PolicySubject = { userId: string } | { brandId: string } | 'platform';

/**
 * The one way to read policy: what is in force for an account, a brand or the platform itself,
 * each setting with the layer it came from. The platform's layer sits over Gatehouse's defaults;
 * the account's brand's layer over that. Policy always comes from the account's brand, never from
 * the host name a request used.
 *
 * A brand narrows the platform's choice of methods, never widens it: a method, its self-service
 * and sent codes standing alone stay off below a platform that has them off. The account settings
 * (allow, disable, app passwords, require) are defaults the brand may override either way.
 */
export async function getEffectivePolicy(subject: PolicySubject): Promise<EffectivePolicy> {
  const layers = await layersOf(subject);
  const stored = await readPolicyLayers(layers.map((layer) => layer.scope));
  return layerPolicy(layers.map(({ scope, source }) => ({ layer: stored.get(scope) ?? {}, source })));
}

/**
 * Stored layers, widest first, made into the policy in force: the one place that says how a layer
 * overrides or narrows the one above. getEffectivePolicy reads every layer of a subject; a hot
 * path that reads the few settings it needs in its own statement (a mail login reads
 * allowAppPasswords with the account) layers them here too, so the rule cannot drift.
 */
export function layerPolicy(layers: Array<{ layer: PolicyLayer; source: PolicySource }>): EffectivePolicy {
  const settings: TPolicy = { ...DEFAULT_POLICY };
  const sources = Object.fromEntries(POLICY_KEYS.map((key) => [key, 'platform'])) as Record<PolicyKey, PolicySource>;
  for (const { layer, source } of layers) applyLayer(settings, sources, layer, source);
  return { settings, sources };
}

function applyLayer(settings: TPolicy, sources: Record<PolicyKey, PolicySource>, layer: PolicyLayer, source: PolicySource): void {
  const narrowOnly = new Set<PolicyKey>(source === 'platform' ? [] : METHOD_POLICY_KEYS);
  for (const key of POLICY_KEYS) {
    const value = layer[key];
    if (value === undefined || value === null) continue;
    if (narrowOnly.has(key) && value === true && settings[key] === false) continue;
    Object.assign(settings, { [key]: value });
    sources[key] = source;
  }
}

/** The layers over a subject, widest first. */
async function layersOf(subject: PolicySubject): Promise<Array<{ scope: string; source: PolicySource }>> {
  const platform = { scope: PLATFORM_SCOPE, source: 'platform' as const };
  if (subject === 'platform') return [platform];
  const brandId = 'brandId' in subject ? subject.brandId : await brandOf(subject.userId);
  return [platform, { scope: brandScope(brandId), source: 'brand' }];
}

async function brandOf(userId: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { brandId: true } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user.brandId;
}
