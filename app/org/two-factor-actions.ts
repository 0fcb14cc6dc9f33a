'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { cancelMemberReset, confirmMemberReset } from '@/lib/organisations/confirm-member-reset';
import { remindMember } from '@/lib/organisations/remind-member';
import { requireMemberTwoFactor } from '@/lib/organisations/require-member-two-factor';
import { resetMemberTwoFactor } from '@/lib/organisations/reset-member-two-factor';
import { ZEnrolmentDaysSchema } from '@/lib/policy/policy-settings';

// Every action names the organisation it posts to and the verb decides (authorize, then the
// member's organisation against it): a forged post about another organisation's member is refused.
const ZOrganisationId = z.uuid('Reload the page and try again.');
const ZMemberId = z.uuid('Reload the page and try again.');

export const requireMemberTwoFactorAction = authedFormAction(
  z.object({
    organisationId: ZOrganisationId,
    requireTwoFactor: z.literal('on', { error: 'A checkbox can only be on or off.' }).optional(),
    enrolmentDays: ZEnrolmentDaysSchema.default(14),
    code: ZReauthCodeSchema,
  }),
  async (input, { actor }) => {
    const saved = await requireMemberTwoFactor({
      actor,
      organisationId: input.organisationId,
      requireTwoFactor: input.requireTwoFactor === 'on',
      enrolmentDays: input.enrolmentDays,
      code: input.code ?? null,
    });
    revalidatePath('/org', 'layout');
    return saved;
  },
);

export const remindMemberAction = authedFormAction(z.object({ organisationId: ZOrganisationId, userId: ZMemberId }), async (input, { actor }) => {
  await remindMember({ actor, organisationId: input.organisationId, userId: input.userId });
  revalidatePath('/org');
  return { reminded: true };
});

export const resetMemberTwoFactorAction = authedFormAction(
  z.object({
    organisationId: ZOrganisationId,
    userId: ZMemberId,
    // The verb judges the reason with its own message; this bound only keeps a huge post unparsed.
    reason: z.string().max(10_000, APP_ERRORS.REASON_TOO_LONG.message).default(''),
    code: ZReauthCodeSchema,
  }),
  async (input, { actor }) => {
    const done = await resetMemberTwoFactor({ actor, organisationId: input.organisationId, userId: input.userId, reason: input.reason, code: input.code ?? null });
    revalidatePath('/org');
    return done.kind === 'reset' ? { kind: 'reset' as const } : { kind: 'requested' as const, expiresAt: done.expiresAt.toISOString() };
  },
);

export const answerMemberResetAction = authedFormAction(
  z.object({ organisationId: ZOrganisationId, requestId: z.uuid('Reload the page and try again.'), answer: z.enum(['confirm', 'cancel']), code: ZReauthCodeSchema }),
  async (input, { actor }) => {
    if (input.answer === 'confirm') await confirmMemberReset({ actor, organisationId: input.organisationId, requestId: input.requestId, code: input.code ?? null });
    else await cancelMemberReset({ actor, organisationId: input.organisationId, requestId: input.requestId });
    revalidatePath('/org');
    return { answer: input.answer };
  },
);
