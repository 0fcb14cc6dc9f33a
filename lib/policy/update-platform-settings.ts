import { z } from 'zod';
import { authorize } from '@/lib/core/authorize';
import type { Actor } from '@/lib/core/actor';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { withdrawChallengeChoices } from '@/lib/challenge/withdraw-challenge-choices';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { getEffectivePolicy } from './get-effective-policy';
import { PLATFORM_SCOPE, writePolicyLayer } from './policy-layer';
import { isAvailable, POLICY_KEYS, ZBrandsMayLoosenSchema, ZPolicySchema, type FloorKey, type TPolicy } from './policy-settings';

/**
 * A platform administrator (or the console) changes the platform's layer of policy: the settings,
 * and `brandsMayLoosen`, the security switches brands may set looser than the platform (none
 * unless ticked; every other switch is a floor, see layerPolicy). Staff need a second factor
 * proven in the last few minutes (or `code` now): a stolen password alone must not switch the
 * platform's defences off. The change, its audit row (what was, what is) and the notices to
 * mailboxes of any brand whose challenge choice it withdrew commit together. Used by the Platform
 * settings page and by `npx gatehouse platform set`.
 */
export async function updatePlatformSettings({
  actor,
  changes,
  brandsMayLoosen,
  code = null,
}: {
  actor: Actor;
  changes: Partial<TPolicy>;
  /** The whole list of switches brands may loosen; left out, it stays as it is. */
  brandsMayLoosen?: FloorKey[];
  code?: TSecondFactorCode | null;
}): Promise<TPolicy> {
  await authorize(actor, 'platform_settings.change', 'platform');
  await reauthenticate({ actor, code });
  const { after, messageIds } = await prisma.$transaction(async (tx) => {
    // Serialises changes, so two administrators saving at once each see the other's "before".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('policy:platform'))`;
    const { settings: before, brandsMayLoosen: loosenBefore } = await getEffectivePolicy('platform', tx);
    const parsed = ZPolicySchema.safeParse({ ...before, ...changes });
    const loosen = ZBrandsMayLoosenSchema.safeParse(brandsMayLoosen ?? loosenBefore);
    if (!parsed.success || !loosen.success) {
      throw new AppError('INVALID_INPUT', {
        fieldErrors: {
          ...(parsed.success ? {} : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)),
          ...(loosen.success ? {} : { brandsMayLoosen: loosen.error.issues.map((issue) => issue.message) }),
        },
      });
    }
    const after = parsed.data;
    if (!POLICY_METHODS.some((method) => isAvailable(after, method))) throw new AppError('NO_METHOD_LEFT');
    // What each brand's mailboxes may choose before the change, to tell those whose choice it withdraws.
    const brands = await tx.brand.findMany({ select: { id: true, textsPaidBy: true } });
    const brandsBefore = new Map<string, TPolicy>();
    for (const { id } of brands) brandsBefore.set(id, (await getEffectivePolicy({ brandId: id }, tx)).settings);
    // The platform's layer always holds every setting, so what a brand inherits is explicit.
    await writePolicyLayer(tx, PLATFORM_SCOPE, { ...after, brandsMayLoosen: loosen.data });
    const changed: Record<string, string | number | boolean | null | string[]> = Object.fromEntries(POLICY_KEYS.filter((key) => before[key] !== after[key]).map((key) => [key, after[key]]));
    const isLoosenChanged = loosen.data.join(',') !== loosenBefore.join(',');
    if (isLoosenChanged) changed.brandsMayLoosen = loosen.data;
    await recordAuditEvent(tx, {
      type: 'policy.changed',
      actor,
      subjectId: null,
      detail: {
        scope: 'platform',
        changed,
        before,
        after,
        ...(isLoosenChanged ? { brandsMayLoosenBefore: loosenBefore, brandsMayLoosenAfter: loosen.data } : {}),
      },
    });
    const messageIds: string[] = [];
    const payingBrands = new Set(brands.filter((brand) => brand.textsPaidBy === 'MAILBOX').map((brand) => brand.id));
    for (const [brandId, brandBefore] of brandsBefore) {
      const brandAfter = (await getEffectivePolicy({ brandId }, tx)).settings;
      // Where mailboxes pay for their texts, codes must not become the only factor (updateBrandCredits).
      if (payingBrands.has(brandId) && brandAfter.codesMayStandAlone && !brandBefore.codesMayStandAlone) throw new AppError('CODES_ALONE_WHILE_MAILBOXES_PAY');
      messageIds.push(...(await withdrawChallengeChoices(tx, { actor, brandId, before: brandBefore, after: brandAfter })));
    }
    return { after, messageIds };
  });
  await deliverMessages(messageIds);
  return after;
}
