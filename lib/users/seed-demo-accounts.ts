import type { Actor } from '@/lib/access/actor';
import { grantRole } from '@/lib/access/grant-role';
import { ROLE_WORDS, type RoleWord } from '@/lib/access/roles';
import { createBrand } from '@/lib/brands/create-brand';
import { prisma } from '@/lib/db/prisma';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { createUser } from './create-user';

// Two resellers' brands for trying Gatehouse on the embedded defaults (README.md lists them).
export const DEMO_BRANDS = [
  { name: 'Acme Mail', slug: 'acme', domains: ['acme.example'], hosts: ['account.acme.example'], supportContact: 'help@acme.example' },
  { name: 'Globex Mail', slug: 'globex', domains: ['globex.example'], hosts: ['account.globex.example'], supportContact: 'https://support.globex.example' },
] as const;

// The accounts README.md lists: a mailbox of each brand, the platform's staff, each brand's administrator.
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; password: string; role: RoleWord | null; brand: string | null }> = [
  { email: 'mailbox@example.com', password: 'demo-mailbox-2026', role: null, brand: null },
  { email: 'support@example.com', password: 'demo-support-2026', role: 'platform-support', brand: null },
  { email: 'admin@example.com', password: 'demo-admin-2026', role: 'platform-admin', brand: null },
  { email: 'user@acme.example', password: 'demo-acme-user-2026', role: null, brand: null },
  { email: 'admin@acme.example', password: 'demo-acme-admin-2026', role: 'brand-admin', brand: 'acme' },
  { email: 'support@acme.example', password: 'demo-acme-support-2026', role: 'brand-support', brand: 'acme' },
  { email: 'user@globex.example', password: 'demo-globex-user-2026', role: null, brand: null },
  { email: 'admin@globex.example', password: 'demo-globex-admin-2026', role: 'brand-admin', brand: 'globex' },
  { email: 'parent@acme.example', password: 'demo-acme-parent-2026', role: null, brand: null },
  { email: 'teen@acme.example', password: 'demo-acme-teen-2026', role: null, brand: null },
];

// A family account of Acme's: parent@ administers it, teen@ is its member (README.md).
export const DEMO_FAMILY = { name: 'The Smiths', kind: 'FAMILY', admin: 'parent@acme.example', members: ['teen@acme.example'] } as const;

/** Creates whichever demo brands and accounts do not exist yet; never touches one that does. */
export async function seedDemoAccounts({ actor }: { actor: Actor }): Promise<string[]> {
  const created: string[] = [];
  for (const brand of DEMO_BRANDS) {
    if (await prisma.brand.findUnique({ where: { slug: brand.slug }, select: { id: true } })) continue;
    await createBrand({ actor, brand: { ...brand, domains: [...brand.domains], hosts: [...brand.hosts] } });
  }
  for (const account of DEMO_ACCOUNTS) {
    if (await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } })) continue;
    const user = await createUser(account, { actor });
    if (account.role) {
      const brand = account.brand ? await prisma.brand.findUniqueOrThrow({ where: { slug: account.brand }, select: { id: true } }) : null;
      await grantRole({ actor, userId: user.id, role: ROLE_WORDS[account.role], brandId: brand?.id ?? null });
    }
    created.push(account.email);
  }
  if (!(await prisma.organisation.findFirst({ where: { name: DEMO_FAMILY.name }, select: { id: true } }))) {
    const family = await createOrganisation({ actor, organisation: { name: DEMO_FAMILY.name, kind: DEMO_FAMILY.kind, adminEmail: DEMO_FAMILY.admin } });
    for (const email of DEMO_FAMILY.members) await addMember({ actor, organisationId: family.id, email });
    created.push(`${DEMO_FAMILY.name} (family)`);
  }
  return created;
}
