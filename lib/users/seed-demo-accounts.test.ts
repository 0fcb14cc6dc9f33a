import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import { hashPassword, verifyPassword } from '@/lib/core/hash-password';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';
import { ensureDemoPasswords, readDemoPasswords } from '@/lib/users/demo-passwords';
import { findDevelopmentLeftovers } from '@/lib/users/find-development-leftovers';
import { DEMO_ACCOUNTS, DEMO_AUTHENTICATOR_ACCOUNTS, demoAuthenticatorKeyName, PUBLISHED_DEMO_PASSWORDS, seedDemoAccounts } from '@/lib/users/seed-demo-accounts';
import { createTestOneTimeList } from '@/tests/support/alternative-logins';
import { envOverrides } from '@/tests/support/env';
import { inOwnDatabase } from '@/tests/support/own-database';
import { currentSessionFor } from '@/tests/support/users';

// The demo accounts have fixed addresses and make brands and a family: a database of their own.
inOwnDatabase('demo_accounts');
const operator = consoleActor('vitest-operator');
const emails = DEMO_ACCOUNTS.map((account) => account.email);
const installation = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'gatehouse-demo-')), 'demo-passwords.json');
const env = envOverrides();
afterEach(() => env.restore());

async function passwordHashOf(email: string): Promise<string> {
  return (await prisma.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } })).passwordHash;
}

describe('demo passwords', () => {
  it('are random per installation, kept owner-only, and never the published ones', () => {
    const first = installation();
    const second = installation();
    const mine = ensureDemoPasswords({ emails, file: first }).passwords;
    const theirs = ensureDemoPasswords({ emails, file: second }).passwords;
    expect(statSync(first).mode & 0o777).toBe(0o600);
    for (const email of emails) {
      expect(mine[email]).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(mine[email]).not.toBe(theirs[email]);
      expect(mine[email]).not.toBe(PUBLISHED_DEMO_PASSWORDS[email]);
    }
    expect(new Set(Object.values(mine)).size).toBe(emails.length);
    // The same installation reads back what it made.
    expect(readDemoPasswords(first)).toEqual(mine);
    expect(ensureDemoPasswords({ emails, file: first })).toEqual({ passwords: mine, isNew: new Set() });
  });
});

describe('seeding the demo accounts', () => {
  const file = installation();

  it('finds nothing of development in a fresh database, and finds the outbox once it holds a message', async () => {
    expect(await findDevelopmentLeftovers()).toEqual([]);
    const message = await prisma.outboundMessage.create({ data: { channel: 'EMAIL', to: 'someone@example.test', body: 'Your code is 123456', status: 'STORED' } });
    const leftovers = await findDevelopmentLeftovers();
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/1 message\(s\) kept by the development outbox/);
    await prisma.outboundMessage.delete({ where: { id: message.id } });
  });

  it("creates every demo account with this installation's password, and keeps them on the next run", async () => {
    const seeded = await seedDemoAccounts({ actor: operator, passwordsFile: file });
    expect(seeded.created).toEqual([...emails, 'The Smiths (family)', 'Globex Widgets (business)']);
    // Globex's mailboxes pay for their own texts: user@globex.example shows a mailbox's own pool.
    expect(await prisma.brand.findUniqueOrThrow({ where: { slug: 'globex' }, select: { textsPaidBy: true } })).toEqual({ textsPaidBy: 'MAILBOX' });
    expect(await prisma.organisationMember.findFirstOrThrow({ where: { user: { email: 'billing@globex.example' } }, select: { role: true } })).toEqual({ role: 'BILLING' });
    expect(seeded.passwords).toEqual(readDemoPasswords(file));
    // The organisations' administrators and billing contact change nothing without a second
    // factor: each has an authenticator app, its key this installation's, in the same file.
    for (const email of DEMO_AUTHENTICATOR_ACCOUNTS) {
      const key = seeded.passwords[demoAuthenticatorKeyName(email)];
      expect(key).toMatch(/^[A-Z2-7]{16,}$/);
      const { id } = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      expect(await prisma.totpCredential.count({ where: { userId: id, confirmedAt: { not: null } } })).toBe(1);
    }
    for (const email of emails) {
      const passwordHash = await passwordHashOf(email);
      expect(await verifyPassword({ password: seeded.passwords[email] as string, passwordHash })).toBe(true);
      // Accounts added after the README stopped printing passwords never had a published one.
      const published = PUBLISHED_DEMO_PASSWORDS[email];
      if (published !== undefined) expect(await verifyPassword({ password: published, passwordHash })).toBe(false);
    }
    const again = await seedDemoAccounts({ actor: operator, passwordsFile: file });
    expect(again).toMatchObject({ created: [], replaced: [], hadPublishedPassword: [], passwords: seeded.passwords });
  });

  it('resets an account that still has a published password: new password, sessions ended, every factor and login it could keep removed', async () => {
    const email = 'admin@example.com';
    const published = PUBLISHED_DEMO_PASSWORDS[email] as string;
    const { id } = await prisma.user.update({ where: { email }, data: { passwordHash: await hashPassword(published) }, select: { id: true } });
    // What someone who read the README could have set up on the platform administrator.
    const totpSecret = createTotpSecret();
    await prisma.totpCredential.create({ data: { userId: id, encryptedSecret: encryptSecret({ plaintext: totpSecret, boundTo: id }), confirmedAt: new Date() } });
    await prisma.appPassword.create({ data: { userId: id, slot: 'SLOT_1', name: "Intruder's laptop", secretHash: randomBytes(32).toString('hex') } });
    await createTestOneTimeList(id);
    await currentSessionFor({ id }, { secondFactorAt: new Date() });

    const seeded = await seedDemoAccounts({ actor: operator, passwordsFile: file });
    expect(seeded).toMatchObject({ created: [], replaced: [email], hadPublishedPassword: [email] });
    const passwordHash = await passwordHashOf(email);
    expect(await verifyPassword({ password: published, passwordHash })).toBe(false);
    expect(await verifyPassword({ password: seeded.passwords[email] as string, passwordHash })).toBe(true);
    expect(await prisma.totpCredential.count({ where: { userId: id } })).toBe(0);
    expect(await prisma.appPassword.count({ where: { userId: id } })).toBe(0);
    expect(await prisma.alternativeLogin.count({ where: { userId: id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: id, revokedAt: null } })).toBe(0);
    // Still the platform administrator, and the change is audited under the console's operator.
    expect(await prisma.roleGrant.count({ where: { userId: id, role: 'PLATFORM_ADMIN' } })).toBe(1);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { userId: id, type: 'password.changed' }, orderBy: { createdAt: 'desc' } });
    expect(audit).toMatchObject({ actorKind: 'CONSOLE', operator: 'vitest-operator' });
  });

  it('gives existing demo accounts the new passwords when the passwords file is made again', async () => {
    const fresh = installation();
    const seeded = await seedDemoAccounts({ actor: operator, passwordsFile: fresh });
    expect(seeded.replaced).toEqual(emails);
    expect(seeded.hadPublishedPassword).toEqual([]);
    for (const email of emails) {
      expect(await verifyPassword({ password: seeded.passwords[email] as string, passwordHash: await passwordHashOf(email) })).toBe(true);
    }
  });

  it('is refused in production, and a production start refuses a database that has the demo accounts', async () => {
    await prisma.outboundMessage.deleteMany({ where: { status: 'STORED' } });
    const leftovers = await findDevelopmentLeftovers();
    expect(leftovers).toHaveLength(1);
    for (const email of emails) expect(leftovers[0]).toContain(email);

    env.set({ GATEHOUSE_ENV: 'production', GATEHOUSE_URL: 'https://gatehouse.example' });
    const created = await prisma.user.count();
    await expect(seedDemoAccounts({ actor: operator, passwordsFile: installation() })).rejects.toThrow(/only in development/);
    expect(await prisma.user.count()).toBe(created);
  });
});
