// Staff members for one test each, in a session whose second factor was proven when the test
// says (now by default). Vitest only.
import { randomUUID } from 'node:crypto';
import { consoleActor } from '@/lib/core/console-actor';
import type { HeldRole } from '@/lib/core/roles';
import { staffActor } from '@/lib/core/staff-actor';
import { createBrand } from '@/lib/brands/create-brand';
import { createTestUser, currentSessionFor, testRequest } from './users';

/** A staff member holding `roles`, acting in a session whose second factor was proven at `secondFactorAt`. */
export async function staffWith(roles: HeldRole[], { secondFactorAt = new Date() }: { secondFactorAt?: Date } = {}) {
  const user = await createTestUser({ withTotp: true, roles });
  const actor = staffActor(await currentSessionFor(user, { secondFactorAt }), testRequest());
  return { user: { ...user, totpSecret: user.totpSecret as string }, actor };
}

export const brandSupport = (brandId: string, options?: { secondFactorAt?: Date }) => staffWith([{ role: 'BRAND_SUPPORT', brandId }], options);

/** A brand of the test's own, with a support contact, as the support console shows it. */
export async function supportedBrand() {
  const slug = `sr-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const brand = await createBrand({
    actor: consoleActor('vitest-operator'),
    brand: { name: `Brand ${slug}`, slug, domains: [domain], supportContact: `help@${domain}` },
  });
  return { id: brand.id, slug, domain, name: `Brand ${slug}` };
}
