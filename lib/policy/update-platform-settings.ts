import { z } from 'zod';
import { authorize } from '@/lib/access/authorize';
import type { Actor } from '@/lib/access/actor';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { POLICY_METHODS } from '@/lib/mfa/second-factor-kinds';
import { getEffectivePolicy } from './get-effective-policy';
import { PLATFORM_SCOPE, writePolicyLayer } from './policy-layer';
import { isAvailable, POLICY_KEYS, ZPolicySchema, type TPolicy } from './policy-settings';

/**
 * A platform administrator (or the console) changes the platform's layer of policy. Staff need a
 * second factor proven in the last few minutes (or `code` now): a stolen password alone must not
 * switch the platform's defences off. The change and its audit row (what was, what is) commit
 * together. Used by the Platform settings page and by `npx gatehouse platform set`.
 */
export async function updatePlatformSettings({
  actor,
  changes,
  code = null,
}: {
  actor: Actor;
  changes: Partial<TPolicy>;
  code?: TSecondFactorCode | null;
}): Promise<TPolicy> {
  await authorize(actor, 'platform_settings.change', 'platform');
  await reauthenticate({ actor, code });
  return prisma.$transaction(async (tx) => {
    // Serialises changes, so two administrators saving at once each see the other's "before".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('policy:platform'))`;
    const before = (await getEffectivePolicy('platform')).settings;
    const parsed = ZPolicySchema.safeParse({ ...before, ...changes });
    if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
    const after = parsed.data;
    if (!POLICY_METHODS.some((method) => isAvailable(after, method))) throw new AppError('NO_METHOD_LEFT');
    // The platform's layer always holds every setting, so what a brand inherits is explicit.
    await writePolicyLayer(tx, PLATFORM_SCOPE, after);
    const changed = Object.fromEntries(POLICY_KEYS.filter((key) => before[key] !== after[key]).map((key) => [key, after[key]]));
    await recordAuditEvent(tx, { type: 'policy.changed', actor, subjectId: null, detail: { scope: 'platform', changed, before, after } });
    return after;
  });
}
