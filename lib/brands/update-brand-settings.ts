import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { withdrawChallengeChoices } from '@/lib/challenge/withdraw-challenge-choices';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { getEffectivePolicy, isWithinFloor } from '@/lib/policy/get-effective-policy';
import { brandScope, readPolicyLayers, writePolicyLayer, type PolicyLayer } from '@/lib/policy/policy-layer';
import {
  ACCOUNT_SWITCH_KEYS,
  METHOD_POLICY_KEYS,
  POLICY_KEYS,
  ZChallengePolicySchema,
  ZEnforceFromSchema,
  ZEnrolmentDaysSchema,
  type EffectivePolicy,
  type PolicyKey,
} from '@/lib/policy/policy-settings';

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
 * stores only its overrides; policy for its accounts is then read through getEffectivePolicy.
 * A brand is only ever stricter than the platform: a value that would loosen a setting the
 * platform holds (a method it has off, a security switch it did not let brands loosen, a longer
 * enrolment period or later start while it requires 2FA) is refused on its field and nothing is
 * saved. Needs a second factor proven in the last few minutes (or `code` now). The change, its
 * audit row (what was, what is) and the notices to mailboxes whose challenge choice it withdrew
 * commit together.
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
  const { after, messageIds } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Brand" WHERE "id" = ${brandId}::uuid FOR UPDATE`;
    const platform = await getEffectivePolicy('platform', tx);
    assertWithinFloors(parsed.data, platform);
    const before = (await readPolicyLayers([scope], tx)).get(scope) ?? {};
    const beforeInForce = (await getEffectivePolicy({ brandId }, tx)).settings;
    await writePolicyLayer(tx, scope, parsed.data);
    const after = (await readPolicyLayers([scope], tx)).get(scope) ?? {};
    const afterInForce = (await getEffectivePolicy({ brandId }, tx)).settings;
    // Where mailboxes pay for their texts, an empty pool must never lock one out (updateBrandCredits).
    if (afterInForce.codesMayStandAlone && !beforeInForce.codesMayStandAlone) {
      const { textsPaidBy } = await tx.brand.findUniqueOrThrow({ where: { id: brandId }, select: { textsPaidBy: true } });
      if (textsPaidBy === 'MAILBOX') throw new AppError('CODES_ALONE_WHILE_MAILBOXES_PAY');
    }
    const changed = Object.fromEntries(POLICY_KEYS.filter((key) => (before[key] ?? null) !== (after[key] ?? null)).map((key) => [key, after[key] ?? null]));
    await recordAuditEvent(tx, { type: 'brand.settings_changed', actor, subjectId: null, brandId, detail: { brandId, changed } });
    const messageIds = await withdrawChallengeChoices(tx, { actor, brandId, before: beforeInForce, after: afterInForce });
    return { after, messageIds };
  });
  await deliverMessages(messageIds);
  return after;
}

/**
 * Refuses, on each field, a value that would make a security switch or the enrolment period looser
 * than the platform allows. A method the platform has off is not refused here: as before, the
 * brand's "on" is stored and simply narrowed away while the platform keeps the method off.
 */
function assertWithinFloors(changes: PolicyLayer, platform: EffectivePolicy): void {
  const mayLoosen = new Set(platform.brandsMayLoosen);
  const fieldErrors: Record<string, string[]> = {};
  for (const key of POLICY_KEYS) {
    const value = changes[key];
    if (value === undefined || value === null) continue;
    if ((METHOD_POLICY_KEYS as readonly PolicyKey[]).includes(key)) continue;
    if (isWithinFloor(key, value, platform.settings, mayLoosen)) continue;
    fieldErrors[key] = [heldMessage(key)];
  }
  if (Object.keys(fieldErrors).length > 0) throw new AppError('HELD_BY_PLATFORM', { fieldErrors });
}

function heldMessage(key: PolicyKey): string {
  if (key === 'enrolmentDays') return 'Held by the platform: while it requires 2FA, the period can only be shorter than the platform’s.';
  if (key === 'enforceFrom') return 'Held by the platform: while it requires 2FA, the start can only be earlier than the platform’s.';
  return 'Held by the platform: a brand may make this stricter, not looser.';
}
