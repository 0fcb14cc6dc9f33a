import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { disconnectPrisma, prisma } from '@/lib/db/prisma';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { listPolicyChanges } from '@/lib/policy/list-policy-changes';
import { DEFAULT_PLATFORM_POLICY } from '@/lib/policy/platform-policy';
import { updatePlatformPolicy } from '@/lib/policy/update-platform-policy';
import { expectAppError } from './support/errors';
import { createTestUser, currentSessionFor, testRequest } from './support/users';

// The policy is one global row that sign-in, enrolment and code sending read. Turning methods off
// here while other test files run in parallel would fail theirs at random, so this file works in a
// database of its own on the same test server, migrated like the shared one.
const POLICY_DATABASE = `gh_policy_${randomBytes(4).toString('hex')}`;

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${POLICY_DATABASE}`;
  await onServer(`CREATE DATABASE "${POLICY_DATABASE}"`);
  await applyMigrations({ databaseUrl: url.toString() });
  await disconnectPrisma();
  vi.stubEnv('DATABASE_URL', url.toString());
  resetEnvCache();
  const [connected] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  expect(connected?.name).toBe(POLICY_DATABASE);
});

afterAll(async () => {
  await disconnectPrisma();
  vi.unstubAllEnvs();
  resetEnvCache();
  await onServer(`DROP DATABASE IF EXISTS "${POLICY_DATABASE}" WITH (FORCE)`);
});

/** A staff member signed in with their second factor moments ago: what the admin page has. */
async function createTestUserWithRole(role: 'USER' | 'SUPPORT' | 'ADMIN') {
  const user = await createTestUser({ withTotp: true, role });
  const current = await currentSessionFor(user, { secondFactorAt: new Date() });
  return Object.assign(current, { id: user.id, email: user.email });
}

/** The policy row exactly as stored (null when nobody ever changed it), updatedAt included. */
async function storedPolicyRow() {
  return prisma.platformPolicy.findUnique({ where: { id: 1 } });
}

async function policyChangesBy(actorId: string) {
  return prisma.auditEvent.findMany({
    where: { type: 'policy.changed', actorId },
    select: { id: true, userId: true, actorId: true, ip: true, detail: true },
  });
}


// Every test that changes the policy lives in this file, runs in order, and puts the defaults
// back (no row at all) when it ends.
describe.sequential('platform two-factor policy', () => {
  afterEach(async () => {
    await prisma.platformPolicy.deleteMany({});
  });

  it('is the defaults when no administrator ever changed it', async () => {
    await prisma.platformPolicy.deleteMany({});
    expect(await getPlatformPolicy()).toEqual(DEFAULT_PLATFORM_POLICY);
    expect(DEFAULT_PLATFORM_POLICY).toMatchObject({ totpAvailable: true, codesMayStandAlone: false });
  });

  it("stores an administrator's change and audits who changed what, in the same transaction", async () => {
    const admin = await createTestUserWithRole('ADMIN');
    const request = testRequest();
    const after = await updatePlatformPolicy({
      changes: { voiceAvailable: false, smsSelfService: false },
      actor: admin,
      request,
    });

    const expected = { ...DEFAULT_PLATFORM_POLICY, voiceAvailable: false, smsSelfService: false };
    expect(after).toEqual(expected);
    expect(await getPlatformPolicy()).toEqual(expected);

    const events = await policyChangesBy(admin.id);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ userId: null, actorId: admin.id, ip: request.ip });
    expect(event?.detail).toEqual({
      changed: { voiceAvailable: false, smsSelfService: false },
      before: DEFAULT_PLATFORM_POLICY,
      after: expected,
    });

    // The policy row and its audit row were written by one transaction.
    const [policyXid] = await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "PlatformPolicy" WHERE id = 1`;
    const [auditXid] = await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "AuditEvent" WHERE id = ${event?.id}::uuid`;
    expect(policyXid?.xid).toBeDefined();
    expect(auditXid?.xid).toBe(policyXid?.xid);

    // The admin screen's history shows it, with who did it.
    const listed = (await listPolicyChanges()).find((change) => change.id === event?.id);
    expect(listed).toMatchObject({ actorEmail: admin.email, changed: { voiceAvailable: false, smsSelfService: false } });
  });

  it('records only the settings that actually changed', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformPolicy({ changes: { emailSelfService: false }, actor: admin, request: testRequest() });
    await updatePlatformPolicy({ changes: { emailSelfService: false, codesMayStandAlone: true }, actor: admin, request: testRequest() });

    const changes = (await listPolicyChanges()).filter((change) => change.actorEmail === admin.email);
    // Two commits can share a millisecond, so the order between them is not asserted.
    expect(changes.map((change) => change.changed)).toHaveLength(2);
    expect(changes.map((change) => change.changed)).toEqual(expect.arrayContaining([{ codesMayStandAlone: true }, { emailSelfService: false }]));
    expect(await getPlatformPolicy()).toEqual({ ...DEFAULT_PLATFORM_POLICY, emailSelfService: false, codesMayStandAlone: true });
  });

  it.each(['USER', 'SUPPORT'] as const)('refuses a %s account and changes nothing', async (role) => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformPolicy({ changes: { smsAvailable: false }, actor: admin, request: testRequest() });
    const before = await storedPolicyRow();

    const someone = await createTestUserWithRole(role);
    await expectAppError(
      updatePlatformPolicy({ changes: { smsAvailable: true, totpAvailable: false }, actor: someone, request: testRequest() }),
      'FORBIDDEN',
    );

    expect(await storedPolicyRow()).toEqual(before);
    expect(await getPlatformPolicy()).toEqual({ ...DEFAULT_PLATFORM_POLICY, smsAvailable: false });
    expect(await policyChangesBy(someone.id)).toEqual([]);
  });

  it('refuses to turn every method off and changes nothing', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    const before = await storedPolicyRow();
    const error = await expectAppError(
      updatePlatformPolicy({
        changes: { totpAvailable: false, smsAvailable: false, voiceAvailable: false, emailAvailable: false },
        actor: admin,
        request: testRequest(),
      }),
      'INVALID_INPUT',
    );
    expect(error.userMessage).toBe('Keep at least one second factor available.');
    expect(await storedPolicyRow()).toEqual(before);
    expect(await getPlatformPolicy()).toEqual(DEFAULT_PLATFORM_POLICY);
    expect(await policyChangesBy(admin.id)).toEqual([]);
  });

  it('refuses to turn off the last available method', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformPolicy({
      changes: { smsAvailable: false, voiceAvailable: false, emailAvailable: false },
      actor: admin,
      request: testRequest(),
    });
    const before = await storedPolicyRow();

    await expectAppError(updatePlatformPolicy({ changes: { totpAvailable: false }, actor: admin, request: testRequest() }), 'INVALID_INPUT');

    expect(await storedPolicyRow()).toEqual(before);
    expect(await policyChangesBy(admin.id)).toHaveLength(1);
  });

  it('refuses an administrator whose session did not pass a second factor, and changes nothing', async () => {
    const user = await createTestUser({ role: 'ADMIN' });
    const passwordOnly = await currentSessionFor(user, { secondFactorAt: null });
    const before = await storedPolicyRow();
    await expectAppError(updatePlatformPolicy({ changes: { voiceAvailable: false }, actor: passwordOnly, request: testRequest() }), 'STAFF_MFA_REQUIRED');
    expect(await storedPolicyRow()).toEqual(before);
    expect(await policyChangesBy(user.id)).toHaveLength(0);
  });

  it('asks an administrator for a current code when the last one is not recent', async () => {
    const user = await createTestUser({ withTotp: true, role: 'ADMIN' });
    const stale = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    const before = await storedPolicyRow();
    await expectAppError(updatePlatformPolicy({ changes: { voiceAvailable: false }, actor: stale, request: testRequest() }), 'REAUTH_REQUIRED');
    expect(await storedPolicyRow()).toEqual(before);
    const backupCode = { kind: 'backup_code' as const, value: (user.backupCodes[0] as string).replace(/-/g, '') };
    await updatePlatformPolicy({ changes: { voiceAvailable: false }, actor: stale, code: backupCode, request: testRequest() });
    expect(await policyChangesBy(user.id)).toHaveLength(1);
  });

  it('lets the console operator (no actor) change it, audited without an actor', async () => {
    const after = await updatePlatformPolicy({ changes: { voiceSelfService: false }, actor: null, request: null });
    expect(after).toEqual({ ...DEFAULT_PLATFORM_POLICY, voiceSelfService: false });
    const [latest] = await listPolicyChanges({ take: 1 });
    expect(latest).toMatchObject({ actorEmail: null, changed: { voiceSelfService: false } });
  });
});
