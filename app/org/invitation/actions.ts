'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { acceptInvitation, declineInvitation } from '@/lib/organisations/answer-invitation';

// The invitation is named by its id; the verb decides whether it is open and bound to the
// signed-in mailbox, so a forged post by another mailbox gets the same answer as a made-up id.
const ZAnswerSchema = z.object({ invitationId: z.string().max(64), answer: z.enum(['accept', 'decline']) });

export const answerInvitationAction = authedFormAction(ZAnswerSchema, async (input, { actor }) => {
  if (input.answer === 'accept') {
    await acceptInvitation({ actor, invitationId: input.invitationId });
    revalidatePath('/', 'layout');
    redirect('/org');
  }
  await declineInvitation({ actor, invitationId: input.invitationId });
  revalidatePath('/settings/security');
  return { answer: input.answer as string };
});
