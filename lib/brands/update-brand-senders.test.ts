import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { staffActor } from '@/lib/core/staff-actor';
import { consoleActor } from '@/lib/core/console-actor';
import { refusalOf } from '@/tests/support/errors';
import { createTestBrand } from '@/tests/support/brands';
import { createTestUser, currentSessionFor, testRequest } from '@/tests/support/users';
import { updateBrandSenders } from './update-brand-senders';

const operator = consoleActor('vitest-operator');

async function brandAdminOf(brandId: string, domain: string) {
  const admin = await createTestUser({ withTotp: true, domain, roles: [{ role: 'BRAND_ADMIN', brandId }] });
  return staffActor(await currentSessionFor(admin, { secondFactorAt: new Date() }), testRequest());
}

describe('updateBrandSenders', () => {
  it('a brand administrator sets an address at the brand’s domain and a sender ID; audited in the brand’s Activity', async () => {
    const brand = await createTestBrand();
    const actor = await brandAdminOf(brand.id, brand.domain);
    await updateBrandSenders({ actor, brandId: brand.id, senders: { emailFrom: ` Security@${brand.domain} `, smsSender: 'Acme Mail' } });
    expect(await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { emailFrom: true, smsSender: true } })).toEqual({
      emailFrom: `security@${brand.domain}`,
      smsSender: 'Acme Mail',
    });
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'brand.senders_changed', brandId: brand.id }, select: { detail: true } });
    expect(row.detail).toMatchObject({ emailFrom: { from: null, to: `security@${brand.domain}` }, smsSender: { from: null, to: 'Acme Mail' } });
    // Empty goes back to the platform's senders.
    await updateBrandSenders({ actor, brandId: brand.id, senders: { emailFrom: '', smsSender: ' ' } });
    expect(await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { emailFrom: true, smsSender: true } })).toEqual({ emailFrom: null, smsSender: null });
  });

  it('refuses an address outside the brand’s domains (another brand’s included), and a malformed sender; nothing changes', async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    for (const senders of [
      { emailFrom: `security@${other.domain}`, smsSender: null },
      { emailFrom: 'security@gatehouse.localhost', smsSender: null },
      { emailFrom: 'not an address', smsSender: null },
      { emailFrom: null, smsSender: 'Acme Mail Limited' },
      { emailFrom: null, smsSender: '12345' },
    ]) {
      const refusal = await refusalOf(updateBrandSenders({ actor: operator, brandId: brand.id, senders }));
      expect(refusal.code).toBe('INVALID_INPUT');
    }
    // Below its own domain is not its own (the attack review of issue 21): a subdomain may be another
    // brand's, and the platform's one e-mail account sends for all. Its own domain exactly is.
    expect((await refusalOf(updateBrandSenders({ actor: operator, brandId: brand.id, senders: { emailFrom: `no-reply@mail.${brand.domain}`, smsSender: null } }))).code).toBe('INVALID_INPUT');
    await updateBrandSenders({ actor: operator, brandId: brand.id, senders: { emailFrom: `no-reply@${brand.domain}`, smsSender: null } });
    expect(await prisma.auditEvent.count({ where: { type: 'brand.senders_changed', brandId: brand.id } })).toBe(1);
  });

  it('no two brands share an SMS sender, and the refusal does not say whose it is', async () => {
    const first = await createTestBrand();
    const second = await createTestBrand();
    const sender = `S${first.id.slice(0, 8).replace(/[^A-Za-z0-9]/g, '')}`;
    await updateBrandSenders({ actor: operator, brandId: first.id, senders: { emailFrom: null, smsSender: sender } });
    const refusal = await refusalOf(updateBrandSenders({ actor: operator, brandId: second.id, senders: { emailFrom: null, smsSender: sender.toLowerCase() } }));
    expect(refusal.fieldErrors?.smsSender?.join(' ')).toBe('Another brand already uses that SMS sender. Choose another.');
  });

  it('another brand’s administrator is refused', async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    const actor = await brandAdminOf(other.id, other.domain);
    const refusal = await refusalOf(updateBrandSenders({ actor, brandId: brand.id, senders: { emailFrom: null, smsSender: 'Intruder' } }));
    expect(refusal.code).toBe('FORBIDDEN');
    expect(await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { smsSender: true } })).toEqual({ smsSender: null });
  });
});
