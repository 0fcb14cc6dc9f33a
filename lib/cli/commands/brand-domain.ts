// `gatehouse brand domain …` and `brand host …`: see USAGE in lib/cli/run.ts. The console is the
// platform's operator: a domain with mailboxes it adds moves them at once (audited, e-mailed), and
// it answers brands' waiting requests.
import { addBrandDomain } from '@/lib/brands/add-brand-domain';
import { addBrandHost } from '@/lib/brands/add-brand-host';
import { answerBrandDomainRequest } from '@/lib/brands/answer-brand-domain-request';
import { findBrand } from '@/lib/brands/find-brand';
import { listDomainRequests } from '@/lib/brands/list-domain-requests';
import { removeBrandDomain } from '@/lib/brands/remove-brand-domain';
import { removeBrandHost } from '@/lib/brands/remove-brand-host';
import type { CommandInput, Commands } from '../command';

const DOMAIN_USAGE = 'Usage: gatehouse brand domain add|remove <slug> <domain> | brand domain requests [--json] | brand domain approve|refuse --id <request id>';
const HOST_USAGE = 'Usage: gatehouse brand host add|remove <slug> <host name>';

export const brandDomainCommands: Commands = {
  'brand domain': async ({ actor, positionals, values, out }: CommandInput) => {
    const [, , verb, slug, domain] = positionals;
    switch (verb) {
      case 'add': {
        if (!slug || !domain) break;
        const brand = await findBrand(slug);
        const added = await addBrandDomain({ actor, brandId: brand.id, domain });
        if (values.json) out.log(JSON.stringify(added));
        else if (added.outcome === 'moved') out.log(`${added.domain} now belongs to ${brand.slug}; ${added.moved} ${added.moved === 1 ? 'mailbox' : 'mailboxes'} moved in, each told by e-mail.`);
        else out.log(`${added.domain} now belongs to ${brand.slug}.`);
        return 0;
      }
      case 'remove': {
        if (!slug || !domain) break;
        const brand = await findBrand(slug);
        await removeBrandDomain({ actor, brandId: brand.id, domain });
        out.log(`${domain.trim().toLowerCase()} no longer belongs to ${brand.slug}.`);
        return 0;
      }
      case 'requests': {
        const requests = await listDomainRequests({ actor });
        if (values.json) out.log(JSON.stringify(requests));
        else if (requests.length === 0) out.log('No domain request is waiting.');
        else for (const request of requests) out.log(`${request.id}\t${request.domain}\t${request.brand.slug}\tmailboxes: ${request.mailboxes}\t${request.createdAt.toISOString()}`);
        return 0;
      }
      case 'approve':
      case 'refuse': {
        if (!values.id) break;
        const answered = await answerBrandDomainRequest({ actor, requestId: values.id, answer: verb });
        out.log(verb === 'approve' ? `Approved: ${answered.domain} moved with ${answered.moved} ${answered.moved === 1 ? 'mailbox' : 'mailboxes'}.` : `Refused: ${answered.domain}.`);
        return 0;
      }
    }
    out.error(DOMAIN_USAGE);
    return 2;
  },
  'brand host': async ({ actor, positionals, out }: CommandInput) => {
    const [, , verb, slug, host] = positionals;
    if ((verb !== 'add' && verb !== 'remove') || !slug || !host) {
      out.error(HOST_USAGE);
      return 2;
    }
    const brand = await findBrand(slug);
    if (verb === 'add') {
      const added = await addBrandHost({ actor, brandId: brand.id, host });
      out.log(`${brand.slug}'s sign-in page now answers on ${added.host}.`);
    } else {
      await removeBrandHost({ actor, brandId: brand.id, host });
      out.log(`${host.trim().toLowerCase()} no longer belongs to ${brand.slug}.`);
    }
    return 0;
  },
};
