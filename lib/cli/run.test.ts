import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCommandLine } from '@/lib/cli/run';
import { prisma } from '@/lib/db/prisma';
import { TEST_PASSWORD } from '@/tests/support/users';

// The administrator's command line, called in-process as `npx gatehouse` calls it: what it prints
// and its exit code (0 done, 1 not possible here, 2 refused or not understood).

async function gatehouse(...argv: string[]) {
  const log: string[] = [];
  const error: string[] = [];
  const code = await runCommandLine(argv, { log: (line) => log.push(line), error: (line) => error.push(line) });
  return { code, log: log.join('\n'), error: error.join('\n') };
}

function newSlug() {
  return `cli-${randomUUID().slice(0, 8)}`;
}

describe('gatehouse at the command line', () => {
  it('creates a brand, lists it and shows where each of its settings comes from', async () => {
    const slug = newSlug();
    expect(await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', `${slug}.example`)).toEqual({
      code: 0,
      log: `Created the brand ${slug}.`,
      error: '',
    });
    const list = await gatehouse('brand', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.log) as Array<{ slug: string }>).map((brand) => brand.slug)).toContain(slug);
    const shown = await gatehouse('brand', 'show', slug);
    expect(shown.code).toBe(0);
    expect(shown.log).toMatch(new RegExp(`^Brand ${slug} \\(${slug}\\)\\n`));
    expect(shown.log).toContain('Allow app-specific passwords: ');
    expect(shown.log).not.toContain('set by this brand');
    expect(await gatehouse('brand', 'set', slug, '--allow-disable', 'off')).toMatchObject({ code: 0, error: '' });
    expect((await gatehouse('brand', 'show', slug)).log).toMatch(/Allow users to disable 2FA: off {2}\(set by this brand\)/);
  });

  it('creates a mailbox in the brand owning its domain, and `support unlock` is `user unlock`', async () => {
    const slug = newSlug();
    await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', `${slug}.example`);
    const email = `cli-${randomUUID().slice(0, 8)}@${slug}.example`;
    const created = await gatehouse('user', 'create', '--email', email, '--password', TEST_PASSWORD);
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, brand: { select: { slug: true } } } });
    expect(created).toEqual({ code: 0, log: `Created ${email}, id ${user.id}`, error: '' });
    expect(user.brand.slug).toBe(slug);
    for (const noun of ['user', 'support']) {
      expect(await gatehouse(noun, 'unlock', '--email', email, '--reason', 'command line test')).toEqual({
        code: 0,
        log: `Unlocked signing in for ${email}; they were told by e-mail.`,
        error: '',
      });
    }
  });

  it('refuses with the rule\u2019s message and exit code 2, naming the flag of a bad value, and changes nothing', async () => {
    const slug = newSlug();
    await gatehouse('brand', 'create', '--name', `Brand ${slug}`, '--slug', slug, '--domain', `${slug}.example`);
    const taken = await gatehouse('brand', 'create', '--name', 'Another', '--slug', slug, '--domain', `other-${slug}.example`);
    expect(taken.code).toBe(2);
    expect(taken.error).toContain('Another brand already has that short name.');
    expect(taken.log).toBe('');
    expect(await prisma.brand.count({ where: { slug } })).toBe(1);

    const email = `cli-${randomUUID().slice(0, 8)}@${slug}.example`;
    await gatehouse('user', 'create', '--email', email, '--password', TEST_PASSWORD);
    const badPolicy = await gatehouse('support', 'challenge', '--email', email, '--policy', 'sometimes', '--reason', 'command line test');
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.error).toContain('  --policy: Use always, new-ip, new-country or never.');
    expect((await prisma.user.findUniqueOrThrow({ where: { email }, select: { challengePolicy: true } })).challengePolicy).toBe('ALWAYS');

    const withMailboxes = await gatehouse('brand', 'delete', slug);
    expect(withMailboxes).toMatchObject({ code: 2, log: '' });
    expect(withMailboxes.error).toContain('A brand with mailboxes cannot be deleted.');
  });

  it('answers an unknown command, an unknown flag and no command with the usage and exit code 2; --help with 0', async () => {
    const unknown = await gatehouse('frobnicate', 'everything');
    expect(unknown.code).toBe(2);
    expect(unknown.error).toMatch(/^Unknown command "frobnicate everything"\.\nUsage:\n/);
    // A noun's own word is no command either, nor is an inherited property name.
    expect((await gatehouse('brand', 'toString')).code).toBe(2);
    expect((await gatehouse('constructor')).code).toBe(2);
    const badFlag = await gatehouse('brand', 'list', '--bogus');
    expect(badFlag.code).toBe(2);
    expect(badFlag.error).toContain("Unknown option '--bogus'");
    const nothing = await gatehouse();
    expect([nothing.code, nothing.log.startsWith('Usage:')]).toEqual([2, true]);
    const help = await gatehouse('--help');
    expect([help.code, help.log.startsWith('Usage:')]).toEqual([0, true]);
  });
});
