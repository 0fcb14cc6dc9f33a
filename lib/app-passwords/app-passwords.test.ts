import { describe, expect, it } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import { staffActor } from '@/lib/core/staff-actor';
import { createAppPassword } from '@/lib/app-passwords/create-app-password';
import { listAppPasswords } from '@/lib/app-passwords/list-app-passwords';
import { revokeAllAppPasswords } from '@/lib/app-passwords/revoke-all-app-passwords';
import { revokeAppPassword } from '@/lib/app-passwords/revoke-app-password';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { createMfaUser, createTestUser, currentSessionFor, selfActorFor, testRequest } from '@/tests/support/users';

describe('creating app passwords', () => {
  it('generates a password shown once, stores only its keyed hash, audits and e-mails it', async () => {
    const user = await createMfaUser();
    const created = await createAppPassword({ actor: await selfActorFor(user), userId: user.id, name: '  Anna’s iPhone ' });

    expect(created.name).toBe('Anna’s iPhone');
    expect(created.password).toMatch(/^[a-z]{4}(-[a-z]{4}){6}$/);
    const row = await prisma.appPassword.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.password.replace(/-/g, ''));
    expect(row.secretHash).not.toContain(created.password);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'app_password.created' } })).toBe(1);
    expect((await latestMessageTo(user.email)).subject).toBe('Gatehouse: An app password was created');
    expect((await latestMessageTo(user.email)).body).toContain('“Anna’s iPhone”');
  });

  it('refuses an empty name or one over 64 characters, and creates nothing', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    await expectAppError(createAppPassword({ actor, userId: user.id, name: '   ' }), 'APP_PASSWORD_NAME_EMPTY');
    await expectAppError(createAppPassword({ actor, userId: user.id, name: 'x'.repeat(65) }), 'APP_PASSWORD_NAME_TOO_LONG');
    await createAppPassword({ actor, userId: user.id, name: 'x'.repeat(64) });
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(1);
  });

  it('needs a second factor proven recently, like other new ways in', async () => {
    const user = await createMfaUser();
    const stale = await selfActorFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    await expectAppError(createAppPassword({ actor: stale, userId: user.id, name: 'Laptop' }), 'REAUTH_REQUIRED');
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(0);
  });

  it('allows at most four: a fifth is refused with a clear message', async () => {
    const user = await createMfaUser();
    for (let i = 0; i < 4; i++) await createTestAppPassword(user);
    const messages = await countMessagesTo(user.email);
    await expectAppError(createTestAppPassword(user), 'APP_PASSWORD_LIMIT');
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(4);
    expect(await countMessagesTo(user.email)).toBe(messages);
  });

  it('holds four under concurrency: parallel creations at three make exactly one more', async () => {
    const user = await createMfaUser();
    for (let i = 0; i < 3; i++) await createTestAppPassword(user);
    const actor = await selfActorFor(user);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createAppPassword({ actor, userId: user.id, name: `Parallel ${i}` })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'APP_PASSWORD_LIMIT' });
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(4);
  });

  it('the database itself holds no fifth, even for a writer that skips the verb', async () => {
    const user = await createMfaUser();
    const write = (slot: 'SLOT_1' | 'SLOT_2' | 'SLOT_3' | 'SLOT_4', n: number) =>
      prisma.appPassword.create({ data: { userId: user.id, slot, name: `raw ${n}`, secretHash: `raw-${user.id}-${n}` } });
    await Promise.all([write('SLOT_1', 1), write('SLOT_2', 2), write('SLOT_3', 3)]);
    const racing = await Promise.allSettled([write('SLOT_4', 4), write('SLOT_4', 5)]);
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(4);
  });

  it('is refused while the brand does not allow app passwords', async () => {
    const brand = await createTestBrand({ allowAppPasswords: false });
    const user = await createTestUser({ domain: brand.domain });
    await expectAppError(createTestAppPassword(user), 'APP_PASSWORDS_NOT_ALLOWED');
  });

  it('only the owner creates them: not support, not another mailbox', async () => {
    const user = await createMfaUser();
    const other = await createMfaUser();
    const support = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    await expectAppError(createAppPassword({ actor: await selfActorFor(other), userId: user.id, name: 'x' }), 'FORBIDDEN');
    const staff = staffActor(await currentSessionFor(support, { secondFactorAt: new Date() }), testRequest());
    await expectAppError(createAppPassword({ actor: staff, userId: user.id, name: 'x' }), 'FORBIDDEN');
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('revoking app passwords', () => {
  it('deletes one, audits and e-mails it, and the next mail login with it is refused', async () => {
    const user = await createMfaUser();
    const created = await createTestAppPassword(user, 'Thunderbird');
    await expect(mailLogin({ email: user.email, password: created.password })).resolves.toMatchObject({ result: 'accept' });

    await revokeAppPassword({ actor: await selfActorFor(user), userId: user.id, appPasswordId: created.id });
    expect(await listAppPasswords({ userId: user.id })).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'app_password.revoked' } })).toBe(1);
    expect((await latestMessageTo(user.email)).subject).toBe('Gatehouse: An app password was revoked');
    await expect(mailLogin({ email: user.email, password: created.password })).resolves.toMatchObject({ result: 'refuse', reason: 'INVALID_CREDENTIALS' });
  });

  it('refuses an id that is gone, malformed or another mailbox’s, and changes nothing', async () => {
    const user = await createMfaUser();
    const other = await createMfaUser();
    const theirs = await createTestAppPassword(other);
    const actor = await selfActorFor(user);
    await expectAppError(revokeAppPassword({ actor, userId: user.id, appPasswordId: theirs.id }), 'APP_PASSWORD_NOT_FOUND');
    await expectAppError(revokeAppPassword({ actor, userId: user.id, appPasswordId: 'not-a-uuid' }), 'APP_PASSWORD_NOT_FOUND');
    await expectAppError(revokeAppPassword({ actor, userId: other.id, appPasswordId: theirs.id }), 'FORBIDDEN');
    expect(await prisma.appPassword.count({ where: { userId: other.id } })).toBe(1);
  });

  it('revokeAllAppPasswords removes every one inside the caller’s transaction (for a support reset)', async () => {
    const user = await createMfaUser();
    await createTestAppPassword(user);
    await createTestAppPassword(user);
    const count = await prisma.$transaction((tx) => revokeAllAppPasswords(tx, { userId: user.id }));
    expect(count).toBe(2);
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(0);
  });

  it('the console may revoke one (gatehouse app-password revoke)', async () => {
    const user = await createMfaUser();
    const created = await createTestAppPassword(user);
    await revokeAppPassword({ actor: consoleActor('vitest'), userId: user.id, appPasswordId: created.id });
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('the web sign-in', () => {
  it('refuses an app password like any wrong password', async () => {
    const user = await createTestUser();
    const created = await createTestAppPassword(user);
    await expectAppError(signInWithPassword({ email: user.email, password: created.password, request: testRequest() }), 'INVALID_CREDENTIALS');
  });
});
