// `gatehouse org …`: see USAGE in lib/cli/run.ts.
import { AppError } from '@/lib/errors/app-error';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { findOrganisation } from '@/lib/organisations/find-organisation';
import { listOrganisations } from '@/lib/organisations/list-organisations';
import { ORGANISATION_KIND_WORDS } from '@/lib/organisations/organisation-schema';
import type { Commands } from '../command';

export const orgCommands: Commands = {
  'org create': async ({ actor, values, out }) => {
    const kind = ORGANISATION_KIND_WORDS[(values.kind ?? '').toLowerCase() as keyof typeof ORGANISATION_KIND_WORDS];
    if (!kind) throw new AppError('INVALID_INPUT', { fieldErrors: { kind: ['Use family or business.'] } });
    const organisation = await createOrganisation({ actor, organisation: { name: values.name ?? '', kind, adminEmail: values.admin ?? '' } });
    out.log(values.json ? JSON.stringify(organisation) : `Created the ${kind.toLowerCase()} account "${organisation.name}" (id ${organisation.id}) with ${values.admin} as its administrator.`);
    return 0;
  },
  'org add-member': async ({ actor, values, out }) => {
    const organisation = await findOrganisation(values.org ?? '');
    const role = (values.role ?? 'member').toLowerCase();
    if (role !== 'member' && role !== 'administrator') throw new AppError('INVALID_INPUT', { fieldErrors: { role: ['Use administrator or member.'] } });
    const member = await addMember({ actor, organisationId: organisation.id, email: values.email ?? '', role: role === 'administrator' ? 'ADMINISTRATOR' : 'MEMBER' });
    out.log(`Added ${member.email} to "${organisation.name}" as ${role === 'administrator' ? 'an administrator' : 'a member'}; they were told by e-mail.`);
    return 0;
  },
  'org list': async ({ actor, values, out }) => {
    const organisations = await listOrganisations({ actor });
    if (values.json) out.log(JSON.stringify(organisations));
    else
      for (const row of organisations)
        out.log(
          `${row.id}\t${row.name}\t${row.kind.toLowerCase()}\t${row.brand}\tSMS logins ${row.allowSmsLogins ? 'on' : 'off'}\tcredits ${row.creditBalance}\tmembers ${row.members}\tadministrators ${row.administrators.join(',')}`,
        );
    return 0;
  },
  'org adjust-credits': async ({ actor, values, out }) => {
    const organisation = await findOrganisation(values.org ?? '');
    const credits = /^[+-]?\d{1,7}$/.test(values.credits ?? '') ? Number(values.credits) : Number.NaN;
    const { balance } = await adjustCredits({ actor, organisationId: organisation.id, credits, reason: values.reason });
    out.log(`Adjusted "${organisation.name}" by ${credits} credits; the balance is now ${balance}.`);
    return 0;
  },
};
