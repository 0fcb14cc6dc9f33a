'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { cancelInvitation } from '@/lib/organisations/cancel-invitation';
import { removeMember, setMemberRole } from '@/lib/organisations/change-membership';
import { inviteMember } from '@/lib/organisations/invite-member';
import { leaveOrganisation } from '@/lib/organisations/leave-organisation';
import { updateOrganisationPreferences } from '@/lib/organisations/update-organisation-preferences';

// Every action names the organisation it posts to and the verb decides (authorize): a forged post
// for another organisation, or by a member who is not an administrator, is refused and audited.
const ZOrganisationId = z.uuid('Reload the page and try again.');

const ZRole = z.enum(['MEMBER', 'ADMINISTRATOR', 'BILLING'], { error: 'Choose member, administrator or billing.' });

// One answer for every address (the verb makes it so): the form says only what was typed. Whether
// a role fits the account (billing: businesses only) and the code it asks for, the verb decides.
export const inviteMemberAction = authedFormAction(
  z.object({ organisationId: ZOrganisationId, email: z.string().max(254), role: ZRole.default('MEMBER'), code: ZReauthCodeSchema }),
  async (input, { actor }) => {
    await inviteMember({ actor, organisationId: input.organisationId, email: input.email, role: input.role, code: input.code ?? null });
    revalidatePath('/org');
    return { email: input.email.trim().toLowerCase() };
  },
);

export const cancelInvitationAction = authedFormAction(
  z.object({ organisationId: ZOrganisationId, invitationId: z.uuid('Reload the page and try again.') }),
  async (input, { actor }) => {
    await cancelInvitation({ actor, organisationId: input.organisationId, invitationId: input.invitationId });
    revalidatePath('/org');
    return { cancelled: true };
  },
);

export const changeMemberAction = authedFormAction(
  z.object({
    organisationId: ZOrganisationId,
    userId: z.uuid(),
    change: z.enum(['remove', 'make-administrator', 'make-billing', 'make-member']),
    code: ZReauthCodeSchema,
  }),
  async (input, { actor, current }) => {
    if (input.change === 'remove' && input.userId === current.user.id) await leaveOrganisation({ actor, organisationId: input.organisationId });
    if (input.change === 'remove' && input.userId !== current.user.id) await removeMember({ actor, organisationId: input.organisationId, userId: input.userId, code: input.code ?? null });
    if (input.change !== 'remove') {
      await setMemberRole({
        actor,
        organisationId: input.organisationId,
        userId: input.userId,
        role: input.change === 'make-administrator' ? 'ADMINISTRATOR' : input.change === 'make-billing' ? 'BILLING' : 'MEMBER',
        code: input.code ?? null,
      });
    }
    revalidatePath('/org');
    // Leaving takes the page away from the one who left.
    if (input.change === 'remove' && input.userId === current.user.id) redirect('/settings/security');
    return { changed: input.change as string };
  },
);

export const updatePreferencesAction = authedFormAction(
  z.object({
    organisationId: ZOrganisationId,
    allowSmsLogins: z.literal('on', { error: 'A checkbox can only be on or off.' }).optional(),
    code: ZReauthCodeSchema,
  }),
  async (input, { actor }) => {
    await updateOrganisationPreferences({
      actor,
      organisationId: input.organisationId,
      allowSmsLogins: input.allowSmsLogins === 'on',
      code: input.code ?? null,
    });
    revalidatePath('/org', 'layout');
    return { allowSmsLogins: input.allowSmsLogins === 'on' };
  },
);

// The pack is a short string here; whether it is a configured pack (not 0, -1, 10^12 or anything
// unlisted) the verb decides, with the configured price.
export const buyCreditsAction = authedFormAction(
  z.object({ organisationId: ZOrganisationId, pack: z.string().max(40, 'Choose one of the SMS credit packs listed.'), code: ZReauthCodeSchema }),
  async (input, { actor }) => {
    const started = await startCreditPurchase({ actor, organisationId: input.organisationId, packId: input.pack, code: input.code ?? null });
    if (started.kind === 'redirect') redirect(started.url);
    revalidatePath('/org', 'layout');
    return { credits: started.credits, balance: started.balance };
  },
);
