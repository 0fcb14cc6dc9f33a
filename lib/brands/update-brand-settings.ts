import { z } from 'zod';
import type { Actor } from '@/lib/access/actor';
import { authorize } from '@/lib/access/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { brandScope, readPolicyLayers, writePolicyLayer, type PolicyLayer } from '@/lib/policy/policy-layer';
import { ACCOUNT_SWITCH_KEYS, METHOD_POLICY_KEYS, POLICY_KEYS, ZChallengePolicySchema, ZEnforceFromSchema, ZEnrolmentDaysSchema } from '@/lib/policy/policy-settings';

// Every setting either follows the platform (null) or is the brand's own value.
const ZBrandLayerSchema = z
  .object({
    ...(Object.fromEntries([...METHOD_POLICY_KEYS, ...ACCOUNT_SWITCH_KEYS].map((key) => [key, z.boolean().nullable()])) as Record<
      (typeof METHOD_POLICY_KEYS)[number] | (typeof ACCOUNT_SWITCH_KEYS)[number],
      z.ZodNullable<z.ZodBoolean>
    >),
    enrolmentDays: ZEnrolmentDaysSchema.nullable(),
    enforceFrom: ZEnforceFromSchema,
    defaultChallengePolicy: ZChallengePolicySchema.nullable(),
  })
  .partial();

/**
 * A brand administrator (or the platform's) changes what the brand's mailboxes may do. The brand
 * stores only its overrides; policy for its accounts is then read through getEffectivePolicy,
 * which never lets the brand widen the platform's methods. Needs a second factor proven in the last
 * few minutes (or `code` now). The change and its audit row (what was, what is) commit together.
 */
export async function updateBrandSettings({
  actor,
  brandId,
  changes,
  code = null,
}: {
  actor: Actor;
  brandId: string;
  changes: PolicyLayer;
  code?: TSecondFactorCode | null;
}): Promise<PolicyLayer> {
  await authorize(actor, 'brand_settings.change', { brandId });
  const parsed = ZBrandLayerSchema.safeParse(changes);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  await reauthenticate({ actor, code });
  const scope = brandScope(brandId);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    const before = (await readPolicyLayers([scope], tx)).get(scope) ?? {};
    await writePolicyLayer(tx, scope, parsed.data);
    const after = (await readPolicyLayers([scope], tx)).get(scope) ?? {};
    const changed = Object.fromEntries(POLICY_KEYS.filter((key) => (before[key] ?? null) !== (after[key] ?? null)).map((key) => [key, after[key] ?? null]));
    await recordAuditEvent(tx, { type: 'brand.settings_changed', actor, subjectId: null, detail: { brandId, changed } });
    return after;
  });
}
