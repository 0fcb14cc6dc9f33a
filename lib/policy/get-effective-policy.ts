import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { accountScope, brandScope, organisationScope, PLATFORM_SCOPE, readPolicyLayers, type PolicyLayer } from './policy-layer';
import {
  DEFAULT_POLICY,
  isFloorKey,
  isOrganisationKey,
  METHOD_POLICY_KEYS,
  POLICY_KEYS,
  STRICTER_VALUE,
  type EffectivePolicy,
  type FloorKey,
  type PolicyKey,
  type PolicySource,
  type TPolicy,
} from './policy-settings';

export type PolicySubject = { userId: string } | { brandId: string } | 'platform';

type PolicyDb = Pick<Tx, 'methodPolicy' | 'scopePolicy' | 'user'>;

/**
 * The one way to read policy: what is in force for an account, a brand or the platform itself,
 * each setting with the layer it came from. The platform's layer sits over Gatehouse's defaults;
 * then the account's brand's layer, then (for a member of a family or business account) its
 * organisation's, then the account's own. Policy always comes from the account's brand, never from
 * the host name a request used. `db`: a transaction that has just changed a layer reads it here.
 */
export async function getEffectivePolicy(subject: PolicySubject, db: PolicyDb = prisma): Promise<EffectivePolicy> {
  const layers = await layersOf(subject, db);
  const stored = await readPolicyLayers(
    layers.map((layer) => layer.scope),
    db,
  );
  return layerPolicy(layers.map(({ scope, source, own }) => ({ layer: { ...stored.get(scope), ...own }, source })));
}

/**
 * Stored layers, widest first, made into the policy in force: the one place that says how a layer
 * overrides or narrows the one above. getEffectivePolicy reads every layer of a subject; a hot
 * path that reads the few settings it needs in its own statement (a mail login reads
 * allowAppPasswords with the account) layers them here too, so the rule cannot drift.
 *
 * A layer below the platform only ever makes things stricter: it narrows the platform's methods,
 * and each security switch the platform set is a floor (STRICTER_VALUE says which way is stricter)
 * unless the platform's `brandsMayLoosen` names it, for a brand's layer. An organisation's or an
 * account's layer only narrows what is in force above it, whatever the platform lets brands do;
 * an organisation's own checkboxes (ORGANISATION_KEYS) are set by its layer alone. While the platform requires 2FA and holds that,
 * a brand may shorten the enrolment period or bring its start forward, never the other way. A
 * brand's value that would loosen is ignored here, whenever it was stored, so no stale override
 * outlives a platform that tightened.
 */
export function layerPolicy(layers: Array<{ layer: PolicyLayer; source: PolicySource }>): EffectivePolicy {
  const settings: TPolicy = { ...DEFAULT_POLICY };
  const sources = Object.fromEntries(POLICY_KEYS.map((key) => [key, 'platform'])) as Record<PolicyKey, PolicySource>;
  let brandsMayLoosen: FloorKey[] = [];
  for (const { layer, source } of layers) {
    if (source === 'platform') brandsMayLoosen = (layer.brandsMayLoosen ?? []).filter(isFloorKey);
    const floor = source === 'platform' ? null : { ...settings };
    // What the platform lets brands loosen is for brands alone: an organisation or an account only narrows.
    const mayLoosen = new Set(source === 'brand' ? brandsMayLoosen : []);
    for (const key of POLICY_KEYS) {
      // An organisation's checkboxes are set by organisations only; above them they are on.
      if (isOrganisationKey(key) && source !== 'organisation') continue;
      const value = layer[key];
      if (value === undefined || value === null) continue;
      if (floor && !isWithinFloor(key, value, floor, mayLoosen)) continue;
      Object.assign(settings, { [key]: value });
      sources[key] = source;
    }
  }
  return { settings, sources, brandsMayLoosen };
}

/** Whether a lower layer's value for `key` keeps to what the layer above (`floor`) holds. */
export function isWithinFloor(key: PolicyKey, value: TPolicy[PolicyKey], floor: TPolicy, brandsMayLoosen: ReadonlySet<FloorKey>): boolean {
  if ((METHOD_POLICY_KEYS as readonly PolicyKey[]).includes(key) || isOrganisationKey(key)) return !(value === true && floor[key] === false);
  if (isFloorKey(key)) return value === floor[key] || value === STRICTER_VALUE[key] || brandsMayLoosen.has(key);
  const isRequirementHeld = floor.requireTwoFactor && !brandsMayLoosen.has('requireTwoFactor');
  if (!isRequirementHeld) return true;
  if (key === 'enrolmentDays') return typeof value === 'number' && value <= floor.enrolmentDays;
  // Dates as YYYY-MM-DD compare as strings; the platform's null means "at once", the earliest.
  if (key === 'enforceFrom') return typeof value === 'string' && floor.enforceFrom !== null && value <= floor.enforceFrom;
  return true;
}

type LayerOfSubject = { scope: string; source: PolicySource; own?: PolicyLayer };

/**
 * The layers over a subject, widest first. An organisation's checkboxes (`own`) are read with the
 * account, in the statement that finds its brand, so a member costs no extra read.
 */
async function layersOf(subject: PolicySubject, db: PolicyDb): Promise<LayerOfSubject[]> {
  const platform = { scope: PLATFORM_SCOPE, source: 'platform' as const };
  if (subject === 'platform') return [platform];
  if ('brandId' in subject) return [platform, { scope: brandScope(subject.brandId), source: 'brand' }];
  const user = await db.user.findUnique({
    where: { id: subject.userId },
    select: { brandId: true, organisationMembership: { select: { organisation: { select: { id: true, allowSmsLogins: true } } } } },
  });
  if (!user) throw new AppError('USER_NOT_FOUND');
  const organisation = user.organisationMembership?.organisation ?? null;
  return [
    platform,
    { scope: brandScope(user.brandId), source: 'brand' },
    ...(organisation
      ? [{ scope: organisationScope(organisation.id), source: 'organisation' as const, own: { allowSmsLogins: organisation.allowSmsLogins } }]
      : []),
    { scope: accountScope(subject.userId), source: 'account' },
  ];
}
