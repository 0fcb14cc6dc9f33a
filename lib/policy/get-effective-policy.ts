import { prisma } from '@/lib/db/prisma';
import { POLICY_METHODS, type PolicyMethod } from '@/lib/mfa/second-factor-kinds';
import { availableKey, DEFAULT_POLICY, POLICY_KEYS, selfServiceKey, type EffectivePolicy, type PolicyKey, type PolicySource, type TPolicy } from './policy-settings';

export type PolicySubject = { userId: string } | 'platform';

/**
 * The one way to read policy: what is in force for an account (or for the platform itself), each
 * setting with the layer it came from. Layers apply from the widest down, each one's non-null
 * settings over the ones above; today the platform is the only layer, over Gatehouse's defaults.
 * A brand's and an organisation's layers are added here, for every caller at once.
 */
export async function getEffectivePolicy(subject: PolicySubject): Promise<EffectivePolicy> {
  const scopes = layersOf(subject);
  const names = scopes.map((layer) => layer.scope);
  const [methodRows, scopeRows] = await Promise.all([
    prisma.methodPolicy.findMany({ where: { scope: { in: names } }, select: { scope: true, method: true, available: true, selfService: true } }),
    prisma.scopePolicy.findMany({ where: { scope: { in: names } }, select: { scope: true, codesMayStandAlone: true } }),
  ]);
  const settings: TPolicy = { ...DEFAULT_POLICY };
  const sources = Object.fromEntries(POLICY_KEYS.map((key) => [key, 'platform'])) as Record<PolicyKey, PolicySource>;
  const apply = (key: PolicyKey, value: boolean | null, source: PolicySource) => {
    if (value === null) return;
    settings[key] = value;
    sources[key] = source;
  };
  for (const layer of scopes) {
    for (const row of methodRows) {
      if (row.scope !== layer.scope || !isPolicyMethod(row.method)) continue;
      apply(availableKey(row.method), row.available, layer.source);
      apply(selfServiceKey(row.method), row.selfService, layer.source);
    }
    const scopeRow = scopeRows.find((row) => row.scope === layer.scope);
    if (scopeRow) apply('codesMayStandAlone', scopeRow.codesMayStandAlone, layer.source);
  }
  return { settings, sources };
}

/** The layers over a subject, widest first. Until brands exist every account sits under the platform alone. */
function layersOf(_subject: PolicySubject): Array<{ scope: string; source: PolicySource }> {
  return [{ scope: 'platform', source: 'platform' }];
}

// A row for a method the registry no longer has is ignored, never an error at sign-in.
function isPolicyMethod(method: string): method is PolicyMethod {
  return (POLICY_METHODS as readonly string[]).includes(method);
}
