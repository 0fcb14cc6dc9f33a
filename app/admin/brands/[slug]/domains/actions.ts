'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { addBrandDomain } from '@/lib/brands/add-brand-domain';
import { addBrandHost } from '@/lib/brands/add-brand-host';
import { cancelBrandDomainRequest } from '@/lib/brands/cancel-brand-domain-request';
import { findBrand } from '@/lib/brands/find-brand';
import { removeBrandDomain } from '@/lib/brands/remove-brand-domain';
import { removeBrandHost } from '@/lib/brands/remove-brand-host';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

const ZDomainsFormSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add-domain'), slug: z.string().max(64), domain: z.string().max(300), code: ZReauthCodeSchema }),
  z.object({ intent: z.literal('remove-domain'), slug: z.string().max(64), domain: z.string().max(300), code: ZReauthCodeSchema }),
  z.object({ intent: z.literal('add-host'), slug: z.string().max(64), host: z.string().max(300), code: ZReauthCodeSchema }),
  z.object({ intent: z.literal('remove-host'), slug: z.string().max(64), host: z.string().max(300), code: ZReauthCodeSchema }),
  z.object({ intent: z.literal('cancel-request'), slug: z.string().max(64), requestId: z.string().max(64) }),
]);

export type DomainsFormResult = { message: string };

// One action for the Domains screen's small forms. The wrapper refuses anyone without a staff role
// or a second factor before reading the form; each verb decides whether this person may change
// this brand's domains, so a forged post naming another brand meets the same refusal.
export const changeBrandDomainsAction = authedFormAction(
  ZDomainsFormSchema,
  async (input, { actor }): Promise<DomainsFormResult> => {
    const brand = await findBrand(input.slug);
    const brandId = brand.id;
    const message = await (async () => {
      switch (input.intent) {
        case 'add-domain': {
          const added = await addBrandDomain({ actor, brandId, domain: input.domain, code: input.code ?? null });
          if (added.outcome === 'requested') {
            return `Mailboxes already use ${added.domain}: a platform administrator must approve before it becomes the brand's and they move in. The request is waiting below.`;
          }
          if (added.outcome === 'moved') return `${added.domain} is now the brand's; its ${added.moved} ${added.moved === 1 ? 'mailbox' : 'mailboxes'} moved in and were told by e-mail.`;
          return `${added.domain} is now the brand's.`;
        }
        case 'remove-domain':
          await removeBrandDomain({ actor, brandId, domain: input.domain, code: input.code ?? null });
          return `${input.domain} is no longer the brand's.`;
        case 'add-host': {
          const { host } = await addBrandHost({ actor, brandId, host: input.host, code: input.code ?? null });
          return `The brand's sign-in page now answers on ${host}.`;
        }
        case 'remove-host':
          await removeBrandHost({ actor, brandId, host: input.host, code: input.code ?? null });
          return `${input.host} is no longer the brand's.`;
        case 'cancel-request':
          await cancelBrandDomainRequest({ actor, brandId, requestId: input.requestId });
          return 'The request was cancelled.';
      }
    })();
    revalidatePath(`/admin/brands/${brand.slug}/domains`);
    return { message };
  },
  { as: 'staff' },
);
