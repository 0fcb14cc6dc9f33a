'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { createOwnOrganisation } from '@/lib/organisations/create-organisation';

// The verb reads and bounds the fields (name, kind) and decides every refusal; here they are only
// strings of a form's size.
export const createOrganisationAction = authedFormAction(
  z.object({ name: z.string().max(1000, 'Keep the name under 100 characters.'), kind: z.string().max(20).optional() }),
  async (input, { actor }) => {
    await createOwnOrganisation({ actor, organisation: { name: input.name, kind: input.kind } });
    redirect('/org?notice=created');
  },
);
