import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { staffActor } from '@/lib/core/staff-actor';
import { createBrand } from '@/lib/brands/create-brand';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { readAccountBrandLook } from '@/lib/brands/read-account-brand-look';
import { updateBrandLook } from '@/lib/brands/update-brand-look';
import { prisma } from '@/lib/db/prisma';
import { totpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { createTestUser, currentSessionFor, testRequest, TEST_CONSOLE } from '@/tests/support/users';

// The look touches no policy, so these tests share the common test database: each makes its own brand.
async function newBrand() {
  const slug = `l-${randomUUID().slice(0, 8)}`;
  const host = `account.${slug}.example`;
  const brand = await createBrand({ actor: TEST_CONSOLE, brand: { name: `Brand ${slug}`, slug, domains: [`${slug}.example`], hosts: [host] } });
  return { ...brand, host, domain: `${slug}.example` };
}

async function brandAdmin(brandId: string, { secondFactorAt = new Date() }: { secondFactorAt?: Date | null } = {}) {
  const user = await createTestUser({ withTotp: true, roles: [{ role: 'BRAND_ADMIN', brandId }] });
  return { actor: staffActor(await currentSessionFor(user, { secondFactorAt }), testRequest()), user };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
const LOOK = { name: 'Look Mail', primaryColor: '#7C3AED', supportContact: 'help@look.example', css: '' };

async function brandRow(id: string) {
  return prisma.brand.findUniqueOrThrow({
    where: { id },
    select: { name: true, primaryColor: true, supportContact: true, logo: true, logoType: true, customCss: true, servedCss: true },
  });
}

describe('updateBrandLook', () => {
  it('saves name, colour, contact and logo; stores the CSS as written and as sanitised, says what it dropped; one audit row', async () => {
    const brand = await newBrand();
    const { actor, user } = await brandAdmin(brand.id);
    const css = '.gh-prompt-title{color:#123456} input[value^="1"]{background-color:red} @import "https://evil.test/x.css";';
    const { dropped } = await updateBrandLook({ actor, brandId: brand.id, look: { ...LOOK, css }, logo: { bytes: PNG } });

    expect(dropped.map((entry) => entry.reason)).toEqual([expect.stringMatching(/Attribute selectors/), expect.stringMatching(/@import/)]);
    const row = await brandRow(brand.id);
    expect(row).toMatchObject({ name: 'Look Mail', primaryColor: '#7c3aed', supportContact: 'help@look.example', logoType: 'image/png', customCss: css });
    expect(Buffer.from(row.logo ?? [])).toEqual(PNG);
    expect(row.servedCss).toBe('.gh-prompt .gh-prompt-title{color:#123456}');

    const audit = await prisma.auditEvent.findMany({ where: { type: 'brand.look_changed', actorId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({
      brandId: brand.id,
      name: { from: `Brand ${brand.slug}`, to: 'Look Mail' },
      primaryColor: { from: null, to: '#7c3aed' },
      cssChanged: true,
      cssDropped: 2,
      logo: { type: 'image/png', bytes: PNG.length },
    });
  });

  it('keeps the logo when none is sent, and removes it on request', async () => {
    const brand = await newBrand();
    const { actor } = await brandAdmin(brand.id);
    await updateBrandLook({ actor, brandId: brand.id, look: LOOK, logo: { bytes: PNG } });
    await updateBrandLook({ actor, brandId: brand.id, look: { ...LOOK, name: 'Renamed' } });
    expect((await brandRow(brand.id)).logoType).toBe('image/png');
    await updateBrandLook({ actor, brandId: brand.id, look: LOOK, logo: 'remove' });
    expect(await brandRow(brand.id)).toMatchObject({ logo: null, logoType: null });
  });

  it('stores a sanitised SVG and refuses one with a script, on the logo field', async () => {
    const brand = await newBrand();
    const { actor } = await brandAdmin(brand.id);
    const drawing = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><metadata>editor</metadata><rect width="4" height="4" fill="#f00"/></svg>';
    await updateBrandLook({ actor, brandId: brand.id, look: LOOK, logo: { bytes: Buffer.from(drawing) } });
    const row = await brandRow(brand.id);
    expect(row.logoType).toBe('image/svg+xml');
    expect(Buffer.from(row.logo ?? []).toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#f00"/></svg>');

    const error = await expectAppError(
      updateBrandLook({ actor, brandId: brand.id, look: LOOK, logo: { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') } }),
      'INVALID_INPUT',
    );
    expect(error.fieldErrors?.logo).toEqual([expect.stringMatching(/scripts, event handlers/)]);
  });

  it('refuses bad input on its field, every field at once, and saves nothing', async () => {
    const brand = await newBrand();
    const { actor, user } = await brandAdmin(brand.id);
    const before = await brandRow(brand.id);
    const error = await expectAppError(
      updateBrandLook({
        actor,
        brandId: brand.id,
        look: { name: 'X', primaryColor: 'red; background:url(x)', supportContact: 'http://insecure.example', css: `.x{color:red}${' '.repeat(20 * 1024)}` },
        logo: { bytes: Buffer.concat([PNG, Buffer.alloc(200 * 1024)]) },
      }),
      'INVALID_INPUT',
    );
    expect(error.fieldErrors).toEqual({
      primaryColor: [expect.stringMatching(/six hexadecimal digits/)],
      supportContact: [expect.stringMatching(/e-mail address or an https address/)],
      css: [expect.stringMatching(/larger than 20 kB/)],
      logo: [expect.stringMatching(/larger than 200 kB/)],
    });
    await expectAppError(updateBrandLook({ actor, brandId: brand.id, look: LOOK, logo: { bytes: Buffer.from('GIF89a') } }), 'INVALID_INPUT').then((refusal) =>
      expect(refusal.fieldErrors?.logo).toEqual([expect.stringMatching(/PNG, JPEG or SVG/)]),
    );
    for (const primaryColor of ['#fff', '#12345g', 'rgb(1,2,3)', '#1234567']) {
      const refusal = await expectAppError(updateBrandLook({ actor, brandId: brand.id, look: { ...LOOK, primaryColor } }), 'INVALID_INPUT');
      expect(Object.keys(refusal.fieldErrors ?? {})).toEqual(['primaryColor']);
    }
    expect(await brandRow(brand.id)).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { type: 'brand.look_changed', actorId: user.id } })).toBe(0);
  });

  it('is refused for another brand, the refusal audited, and for brand support', async () => {
    const [acme, globex] = [await newBrand(), await newBrand()];
    const { actor: acmeAdmin, user } = await brandAdmin(acme.id);
    await expectAppError(updateBrandLook({ actor: acmeAdmin, brandId: globex.id, look: LOOK, logo: { bytes: PNG } }), 'FORBIDDEN');
    expect((await brandRow(globex.id)).logo).toBeNull();
    const refused = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'access.refused', actorId: user.id } });
    expect(refused.detail).toEqual({ action: 'brand_settings.change', brandId: globex.id });

    const supportUser = await createTestUser({ withTotp: true, roles: [{ role: 'BRAND_SUPPORT', brandId: acme.id }] });
    const support = staffActor(await currentSessionFor(supportUser, { secondFactorAt: new Date() }), testRequest());
    await expectAppError(updateBrandLook({ actor: support, brandId: acme.id, look: LOOK }), 'FORBIDDEN');
  });

  it('needs a recent second factor, or a code now', async () => {
    const brand = await newBrand();
    const { actor, user } = await brandAdmin(brand.id, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    await expectAppError(updateBrandLook({ actor, brandId: brand.id, look: LOOK }), 'REAUTH_REQUIRED');
    await updateBrandLook({ actor, brandId: brand.id, look: LOOK, code: totpCode(user.totpSecret ?? '') });
    expect((await brandRow(brand.id)).name).toBe('Look Mail');
  });
});

describe('which brand a page shows', () => {
  it('before the password, the host name’s brand (any case, any port); after it, the account’s brand, whatever the host', async () => {
    const brand = await newBrand();
    expect((await findBrandForHost({ host: `${brand.host.toUpperCase()}:3810` }))?.slug).toBe(brand.slug);
    expect(await findBrandForHost({ host: 'localhost:3000' })).toBeNull();
    expect(await findBrandForHost({ host: '[::1]:3000' })).toBeNull();
    expect(await findBrandForHost({ host: null })).toBeNull();

    const other = await newBrand();
    const mailbox = await createTestUser({ domain: other.domain });
    expect((await readAccountBrandLook({ userId: mailbox.id }))?.slug).toBe(other.slug);
  });
});
