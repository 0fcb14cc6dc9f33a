import { prisma, type Tx } from '@/lib/db/prisma';
import { POLICY_METHODS, type PolicyMethod } from '@/lib/core/factor-kinds/methods';
import { ACCOUNT_SWITCH_KEYS, availableKey, isFloorKey, selfServiceKey, type FloorKey, type TPolicy } from './policy-settings';

/**
 * One layer of policy as stored: only what the layer sets; a missing or null setting means "as
 * the layer above says". Layers are named by scope: "platform", "brand:<id>", "organisation:<id>" and
 * "account:<id>" (ScopePolicy rows; an organisation's own checkboxes live on its row).
 */
export type PolicyLayer = { [K in keyof TPolicy]?: TPolicy[K] | null } & {
  /** The platform's layer only: the switches brands may set looser than the platform. */
  brandsMayLoosen?: FloorKey[] | null;
};

export const PLATFORM_SCOPE = 'platform';
export function brandScope(brandId: string): string {
  return `brand:${brandId}`;
}
export function organisationScope(organisationId: string): string {
  return `organisation:${organisationId}`;
}
export function accountScope(userId: string): string {
  return `account:${userId}`;
}

/** The stored layers of these scopes, by scope name. */
export async function readPolicyLayers(scopes: string[], db: Pick<Tx, 'methodPolicy' | 'scopePolicy'> = prisma): Promise<Map<string, PolicyLayer>> {
  const [methodRows, scopeRows] = await Promise.all([
    db.methodPolicy.findMany({ where: { scope: { in: scopes } }, select: { scope: true, method: true, available: true, selfService: true } }),
    db.scopePolicy.findMany({ where: { scope: { in: scopes } } }),
  ]);
  const layers = new Map<string, PolicyLayer>(scopes.map((scope) => [scope, {}]));
  for (const row of methodRows) {
    const layer = layers.get(row.scope);
    // A row for a method the registry no longer has is ignored, never an error at sign-in.
    if (!layer || !isPolicyMethod(row.method)) continue;
    layer[availableKey(row.method)] = row.available;
    layer[selfServiceKey(row.method)] = row.selfService;
  }
  for (const row of scopeRows) {
    const layer = layers.get(row.scope);
    if (!layer) continue;
    layer.codesMayStandAlone = row.codesMayStandAlone;
    for (const key of ACCOUNT_SWITCH_KEYS) layer[key] = row[key];
    layer.enrolmentDays = row.enrolmentDays;
    layer.enforceFrom = row.enforceFrom ? row.enforceFrom.toISOString().slice(0, 10) : null;
    layer.defaultChallengePolicy = row.defaultChallengePolicy;
    // A name no switch has any more is ignored: it loosens nothing.
    layer.brandsMayLoosen = (row.brandsMayLoosen ?? []).filter(isFloorKey);
  }
  return layers;
}

/** Writes the settings named in `values` of one layer (null: follow the layer above), inside `tx`. */
export async function writePolicyLayer(tx: Tx, scope: string, values: PolicyLayer): Promise<void> {
  for (const method of POLICY_METHODS) {
    const available = values[availableKey(method)];
    const selfService = values[selfServiceKey(method)];
    if (available === undefined && selfService === undefined) continue;
    await tx.methodPolicy.upsert({
      where: { scope_method: { scope, method } },
      create: { scope, method, available: available ?? null, selfService: selfService ?? null },
      update: { ...(available !== undefined ? { available } : {}), ...(selfService !== undefined ? { selfService } : {}) },
    });
  }
  const { codesMayStandAlone, enrolmentDays, enforceFrom, defaultChallengePolicy, brandsMayLoosen } = values;
  const scopeValues = {
    ...(codesMayStandAlone !== undefined ? { codesMayStandAlone } : {}),
    ...Object.fromEntries(ACCOUNT_SWITCH_KEYS.filter((key) => values[key] !== undefined).map((key) => [key, values[key]])),
    ...(enrolmentDays !== undefined ? { enrolmentDays } : {}),
    ...(enforceFrom !== undefined ? { enforceFrom: enforceFrom === null ? null : new Date(`${enforceFrom}T00:00:00Z`) } : {}),
    ...(defaultChallengePolicy !== undefined ? { defaultChallengePolicy } : {}),
    ...(brandsMayLoosen !== undefined ? { brandsMayLoosen: brandsMayLoosen ?? [] } : {}),
  };
  if (Object.keys(scopeValues).length === 0) return;
  await tx.scopePolicy.upsert({ where: { scope }, create: { scope, ...scopeValues }, update: scopeValues });
}

function isPolicyMethod(method: string): method is PolicyMethod {
  return (POLICY_METHODS as readonly string[]).includes(method);
}
