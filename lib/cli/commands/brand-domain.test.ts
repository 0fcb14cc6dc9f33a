import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommandLine } from '@/lib/cli/run';
import { addBrandDomain } from '@/lib/brands/add-brand-domain';
import { prisma } from '@/lib/db/prisma';
import { createTestBrand } from '@/tests/support/brands';
import { staffWith } from '@/tests/support/staff';
import { createTestUser } from '@/tests/support/users';

// `brand domain …`, `brand host …` and `brand set`'s look flags, called in-process as `npx gatehouse` calls them.
async function gatehouse(...argv: string[]) {
  const log: string[] = [];
  const error: string[] = [];
  const code = await runCommandLine(argv, { log: (line) => log.push(line), error: (line) => error.push(line) });
  return { code, log: log.join('\n'), error: error.join('\n') };
}

const freshDomain = () => `cli-${randomUUID().slice(0, 8)}.example`;

describe('gatehouse brand domain and brand host', () => {
  it("adds a free domain, moves a domain's mailboxes at once, refuses another brand's, and removes only an empty one", async () => {
    const brand = await createTestBrand();
    const other = await createTestBrand();
    const free = freshDomain();
    expect(await gatehouse('brand', 'domain', 'add', brand.slug, free)).toEqual({ code: 0, log: `${free} now belongs to ${brand.slug}.`, error: '' });
    const used = freshDomain();
    const mailbox = await createTestUser({ domain: used });
    expect((await gatehouse('brand', 'domain', 'add', brand.slug, used)).log).toBe(`${used} now belongs to ${brand.slug}; 1 mailbox moved in, each told by e-mail.`);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: mailbox.id }, select: { brandId: true } })).brandId).toBe(brand.id);
    expect(await gatehouse('brand', 'domain', 'add', other.slug, used)).toMatchObject({ code: 2, error: expect.stringContaining('Another brand already owns that mail domain.') });
    expect(await gatehouse('brand', 'domain', 'remove', brand.slug, used)).toMatchObject({ code: 2, error: expect.stringContaining('Mailboxes use that mail domain') });
    expect(await gatehouse('brand', 'domain', 'remove', brand.slug, free)).toMatchObject({ code: 0 });
    expect(await gatehouse('brand', 'domain', 'add', brand.slug)).toMatchObject({ code: 2, error: expect.stringContaining('Usage: gatehouse brand domain') });
  });

  it("lists brands' waiting requests and approves one", async () => {
    const brand = await createTestBrand();
    const domain = freshDomain();
    const mailbox = await createTestUser({ domain });
    const admin = (await staffWith([{ role: 'BRAND_ADMIN', brandId: brand.id }])).actor;
    const asked = await addBrandDomain({ actor: admin, brandId: brand.id, domain });
    if (asked.outcome !== 'requested') throw new Error('expected a request');
    expect((await gatehouse('brand', 'domain', 'requests')).log).toContain(`${asked.requestId}\t${domain}\t${brand.slug}\tmailboxes: 1`);
    expect(await gatehouse('brand', 'domain', 'approve', '--id', asked.requestId)).toEqual({ code: 0, log: `Approved: ${domain} moved with 1 mailbox.`, error: '' });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: mailbox.id }, select: { brandId: true } })).brandId).toBe(brand.id);
  });

  it('adds and removes host names', async () => {
    const brand = await createTestBrand();
    const host = `account.${freshDomain()}`;
    expect(await gatehouse('brand', 'host', 'add', brand.slug, host)).toMatchObject({ code: 0 });
    expect(await gatehouse('brand', 'host', 'add', brand.slug, 'not a host')).toMatchObject({ code: 2, error: expect.stringContaining('--host: Enter a name like example.com.') });
    expect(await gatehouse('brand', 'host', 'remove', brand.slug, host)).toMatchObject({ code: 0 });
    expect(await prisma.brandHost.count({ where: { host } })).toBe(0);
  });
});

describe('gatehouse brand set, look flags', () => {
  it('sets the colour, logo and stylesheet from files, keeps what was not named, and refuses a logo over the limit on its flag', async () => {
    const brand = await createTestBrand();
    const folder = await mkdtemp(join(tmpdir(), 'gh-look-'));
    const logo = join(folder, 'logo.svg');
    await writeFile(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const css = join(folder, 'prompt.css');
    await writeFile(css, '.gh-prompt-title { color: #123456 } .gh-prompt { background: url(https://evil.example/x.png) }');
    const saved = await gatehouse('brand', 'set', brand.slug, '--colour', '#1D4ED8', '--logo', logo, '--css', css);
    expect(saved.code).toBe(0);
    expect(saved.error).toContain('Dropped from the stylesheet');
    const row = await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { name: true, primaryColor: true, logoType: true, servedCss: true } });
    expect(row).toMatchObject({ name: `Brand ${brand.slug}`, primaryColor: '#1d4ed8', logoType: 'image/svg+xml' });
    expect(row.servedCss).toContain('#123456');
    expect(row.servedCss).not.toContain('evil');

    const big = join(folder, 'big.png');
    await writeFile(big, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300 * 1024)]));
    expect(await gatehouse('brand', 'set', brand.slug, '--logo', big)).toMatchObject({ code: 2, error: expect.stringContaining('--logo: The logo is larger than 200 kB.') });
    expect(await gatehouse('brand', 'set', brand.slug, '--logo', join(folder, 'missing.png'))).toMatchObject({ code: 2, error: expect.stringContaining('--logo: That file cannot be read') });
    expect(await gatehouse('brand', 'set', brand.slug, '--logo', 'none', '--colour', 'none')).toMatchObject({ code: 0 });
    expect(await prisma.brand.findUniqueOrThrow({ where: { id: brand.id }, select: { primaryColor: true, logoType: true } })).toEqual({ primaryColor: null, logoType: null });
  });
});
