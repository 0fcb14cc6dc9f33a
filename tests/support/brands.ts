// Brands for one test each, made at the console. Vitest only.
import { randomUUID } from 'node:crypto';
import { consoleActor } from '@/lib/core/console-actor';
import { createBrand } from '@/lib/brands/create-brand';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import type { PolicyLayer } from '@/lib/policy/policy-layer';

const operator = consoleActor('vitest-operator');

/** A new brand owning one fresh domain; `settings` are its overrides of the platform's defaults. */
export async function createTestBrand(settings: PolicyLayer = {}) {
  const slug = `b-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const brand = await createBrand({ actor: operator, brand: { name: `Brand ${slug}`, slug, domains: [domain] } });
  if (Object.keys(settings).length > 0) await updateBrandSettings({ actor: operator, brandId: brand.id, changes: settings });
  return { ...brand, domain };
}
