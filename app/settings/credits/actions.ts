'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';

// A mailbox buys for its own pool only: the pool is the signed-in mailbox, never a form field.
// Whether the pack is one its brand offers (and at what price) the verb decides.
export const buyOwnCreditsAction = authedFormAction(
  z.object({ pack: z.string().max(40, 'Choose one of the SMS credit packs listed.') }),
  async (input, { actor, current }) => {
    const started = await startCreditPurchase({ actor, poolUserId: current.user.id, packId: input.pack });
    if (started.kind === 'redirect') redirect(started.url);
    revalidatePath('/settings/credits');
    return { credits: started.credits, balance: started.balance };
  },
);
