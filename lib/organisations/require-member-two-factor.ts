import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { organisationScope, readPolicyLayers, writePolicyLayer } from '@/lib/policy/policy-layer';
import { ZEnrolmentDaysSchema } from '@/lib/policy/policy-settings';
import { AppError } from '@/lib/errors/app-error';
import { lockOrganisation } from './change-membership';

/**
 * "Require two-factor authentication for members", with an enrolment period: written to the
 * organisation's own layer of the policy (requireTwoFactor, enrolmentDays, and enforceFrom = the
 * day it was turned on, kept while it stays on), so members meet it on their security page, at
 * sign-in and in their mail apps exactly as a brand's requirement (getEffectivePolicy; the layer
 * only narrows, so a brand's shorter period or earlier start still wins). Off clears the three:
 * the brand's word stands again. Each member's period starts once, at its first sign-in under a
 * requirement, and is never renewed (enrolmentRequirement). Loosening (off, or a longer period)
 * takes members' protection away and asks for the administrator's recent second factor.
 */
export async function requireMemberTwoFactor({
  actor,
  organisationId,
  requireTwoFactor,
  enrolmentDays,
  code = null,
  now = new Date(),
}: {
  actor: Actor;
  organisationId: string;
  requireTwoFactor: boolean;
  /** Days each member has to set it up, from its first sign-in under the requirement. */
  enrolmentDays: number;
  code?: TSecondFactorCode | null;
  now?: Date;
}): Promise<{ requireTwoFactor: boolean; enrolmentDays: number | null; enforceFrom: string | null }> {
  await authorize(actor, 'organisation.manage', { organisationId });
  const days = ZEnrolmentDaysSchema.safeParse(enrolmentDays);
  if (requireTwoFactor && !days.success) throw new AppError('ENROLMENT_DAYS_INVALID');
  const scope = organisationScope(organisationId);
  const before = (await readPolicyLayers([scope])).get(scope) ?? {};
  const wasOn = before.requireTwoFactor === true;
  const isLoosening = (wasOn && !requireTwoFactor) || (wasOn && requireTwoFactor && days.success && days.data > (before.enrolmentDays ?? 0));
  if (isLoosening) await reauthenticate({ actor, code });
  const values = requireTwoFactor
    ? { requireTwoFactor: true, enrolmentDays: days.success ? days.data : null, enforceFrom: wasOn && before.enforceFrom ? before.enforceFrom : now.toISOString().slice(0, 10) }
    : { requireTwoFactor: null, enrolmentDays: null, enforceFrom: null };
  await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    await writePolicyLayer(tx, scope, values);
    await recordAuditEvent(tx, {
      type: 'organisation.two_factor_requirement_changed',
      actor,
      subjectId: actingUserId(actor),
      detail: { organisationId, ...values },
    });
  });
  return { requireTwoFactor, enrolmentDays: values.enrolmentDays, enforceFrom: values.enforceFrom };
}
