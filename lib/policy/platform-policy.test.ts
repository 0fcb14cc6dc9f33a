import { afterEach, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { selfActor } from '@/lib/core/actor';
import { consoleActor } from '@/lib/core/console-actor';
import { staffActor } from '@/lib/core/staff-actor';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { listPolicyChanges } from '@/lib/policy/list-policy-changes';
import { DEFAULT_POLICY, POLICY_KEYS } from '@/lib/policy/policy-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { expectAppError } from '@/tests/support/errors';
import { inOwnDatabase } from '@/tests/support/own-database';
import { createTestUser, currentSessionFor, testRequest } from '@/tests/support/users';

// The policy is one global row that sign-in, enrolment and code sending read. Turning methods off
// here while other test files run in parallel would fail theirs at random, so this file works in a
// database of its own on the same test server, migrated like the shared one.

inOwnDatabase('gh_policy');

/** A staff member signed in with their second factor moments ago: what the admin page has. */
async function createTestUserWithRole(role: 'USER' | 'SUPPORT' | 'ADMIN') {
  const user = await createTestUser({ withTotp: true, role });
  const current = await currentSessionFor(user, { secondFactorAt: new Date() });
  const actor = role === 'USER' ? selfActor(current, testRequest()) : staffActor(current, testRequest());
  return Object.assign(actor, { id: user.id, email: user.email });
}

/** The platform's policy rows exactly as stored (none when nobody ever changed it), updatedAt included. */
async function storedPolicyRow() {
  return {
    methods: await prisma.methodPolicy.findMany({ where: { scope: 'platform' }, orderBy: { method: 'asc' } }),
    scope: await prisma.scopePolicy.findUnique({ where: { scope: 'platform' } }),
  };
}

async function platformPolicy() {
  return (await getEffectivePolicy('platform')).settings;
}

async function forgetPlatformPolicy() {
  await prisma.methodPolicy.deleteMany({});
  await prisma.scopePolicy.deleteMany({});
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
    await forgetPlatformPolicy();
  });

  it('is the defaults when no administrator ever changed it', async () => {
    await forgetPlatformPolicy();
    expect(await platformPolicy()).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ totpAvailable: true, codesMayStandAlone: false });
  });

  it("stores an administrator's change and audits who changed what, in the same transaction", async () => {
    const admin = await createTestUserWithRole('ADMIN');
    const after = await updatePlatformSettings({ actor: admin, changes: { voiceAvailable: false, smsSelfService: false } });

    const expected = { ...DEFAULT_POLICY, voiceAvailable: false, smsSelfService: false };
    expect(after).toEqual(expected);
    expect(await platformPolicy()).toEqual(expected);

    const events = await policyChangesBy(admin.id);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ userId: null, actorId: admin.id, ip: admin.request.ip });
    expect(event?.detail).toEqual({
      scope: 'platform',
      changed: { voiceAvailable: false, smsSelfService: false },
      before: DEFAULT_POLICY,
      after: expected,
    });

    // The policy rows and their audit row were written by one transaction.
    const [policyXid] = await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "MethodPolicy" WHERE scope = 'platform' AND method = 'voice'`;
    const [auditXid] = await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "AuditEvent" WHERE id = ${event?.id}::uuid`;
    expect(policyXid?.xid).toBeDefined();
    expect(auditXid?.xid).toBe(policyXid?.xid);

    // The admin screen's history shows it, with who did it.
    const listed = (await listPolicyChanges()).find((change) => change.id === event?.id);
    expect(listed).toMatchObject({ actorEmail: admin.email, changed: { voiceAvailable: false, smsSelfService: false } });
  });

  it('records only the settings that actually changed', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformSettings({ actor: admin, changes: { emailSelfService: false } });
    await updatePlatformSettings({ actor: admin, changes: { emailSelfService: false, codesMayStandAlone: true } });

    const changes = (await listPolicyChanges()).filter((change) => change.actorEmail === admin.email);
    // Two commits can share a millisecond, so the order between them is not asserted.
    expect(changes.map((change) => change.changed)).toHaveLength(2);
    expect(changes.map((change) => change.changed)).toEqual(expect.arrayContaining([{ codesMayStandAlone: true }, { emailSelfService: false }]));
    expect(await platformPolicy()).toEqual({ ...DEFAULT_POLICY, emailSelfService: false, codesMayStandAlone: true });
  });

  it.each(['USER', 'SUPPORT'] as const)('refuses a %s account and changes nothing', async (role) => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformSettings({ actor: admin, changes: { smsAvailable: false } });
    const before = await storedPolicyRow();

    const someone = await createTestUserWithRole(role);
    await expectAppError(
      updatePlatformSettings({ actor: someone, changes: { smsAvailable: true, totpAvailable: false } }),
      'FORBIDDEN',
    );

    expect(await storedPolicyRow()).toEqual(before);
    expect(await platformPolicy()).toEqual({ ...DEFAULT_POLICY, smsAvailable: false });
    expect(await policyChangesBy(someone.id)).toEqual([]);
  });

  it('refuses to turn every method off and changes nothing', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    const before = await storedPolicyRow();
    const error = await expectAppError(
      updatePlatformSettings({ actor: admin, changes: { totpAvailable: false, smsAvailable: false, voiceAvailable: false, emailAvailable: false } }),
      'NO_METHOD_LEFT',
    );
    expect(error.userMessage).toBe('Keep at least one second factor available.');
    expect(await storedPolicyRow()).toEqual(before);
    expect(await platformPolicy()).toEqual(DEFAULT_POLICY);
    expect(await policyChangesBy(admin.id)).toEqual([]);
  });

  it('refuses to turn off the last available method', async () => {
    const admin = await createTestUserWithRole('ADMIN');
    await updatePlatformSettings({ actor: admin, changes: { smsAvailable: false, voiceAvailable: false, emailAvailable: false } });
    const before = await storedPolicyRow();

    await expectAppError(updatePlatformSettings({ actor: admin, changes: { totpAvailable: false } }), 'NO_METHOD_LEFT');

    expect(await storedPolicyRow()).toEqual(before);
    expect(await policyChangesBy(admin.id)).toHaveLength(1);
  });

  it('refuses an administrator whose session did not pass a second factor, and changes nothing', async () => {
    const user = await createTestUser({ role: 'ADMIN' });
    const passwordOnly = await currentSessionFor(user, { secondFactorAt: null });
    const before = await storedPolicyRow();
    // Such a session never becomes a staff actor, and as its owner it may not change the platform.
    expect(() => staffActor(passwordOnly, testRequest())).toThrow(expect.objectContaining({ code: 'STAFF_MFA_REQUIRED' }));
    await expectAppError(updatePlatformSettings({ actor: selfActor(passwordOnly, testRequest()), changes: { voiceAvailable: false } }), 'FORBIDDEN');
    expect(await storedPolicyRow()).toEqual(before);
    expect(await policyChangesBy(user.id)).toHaveLength(0);
  });

  it('asks an administrator for a current code when the last one is not recent', async () => {
    const user = await createTestUser({ withTotp: true, role: 'ADMIN' });
    const stale = staffActor(await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) }), testRequest());
    const before = await storedPolicyRow();
    await expectAppError(updatePlatformSettings({ actor: stale, changes: { voiceAvailable: false } }), 'REAUTH_REQUIRED');
    expect(await storedPolicyRow()).toEqual(before);
    const backupCode = { method: 'backup_code' as const, response: (user.backupCodes[0] as string).replace(/-/g, '') };
    await updatePlatformSettings({ actor: stale, changes: { voiceAvailable: false }, code: backupCode });
    expect(await policyChangesBy(user.id)).toHaveLength(1);
  });

  it('lets the console operator change it, audited under the operator', async () => {
    const after = await updatePlatformSettings({ actor: consoleActor('vitest-operator'), changes: { voiceSelfService: false } });
    expect(after).toEqual({ ...DEFAULT_POLICY, voiceSelfService: false });
    const [latest] = await listPolicyChanges({ take: 1 });
    expect(latest).toMatchObject({ actorEmail: null, operator: 'vitest-operator', changed: { voiceSelfService: false } });
    const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: latest?.id }, select: { actorKind: true, operator: true } });
    expect(row).toEqual({ actorKind: 'CONSOLE', operator: 'vitest-operator' });
  });

  it('is what every account reads, each setting saying it comes from the platform', async () => {
    await updatePlatformSettings({ actor: consoleActor('vitest-operator'), changes: { smsAvailable: false } });
    const user = await createTestUser();
    const effective = await getEffectivePolicy({ userId: user.id });
    expect(effective.settings).toEqual({ ...DEFAULT_POLICY, smsAvailable: false });
    expect(effective).toEqual(await getEffectivePolicy('platform'));
    expect(Object.keys(effective.sources).sort()).toEqual([...POLICY_KEYS].sort());
    expect(new Set(Object.values(effective.sources))).toEqual(new Set(['platform']));
  });

  it('reads a setting a layer left null as the default, so a layer can override one setting alone', async () => {
    await prisma.methodPolicy.create({ data: { scope: 'platform', method: 'voice', available: false, selfService: null } });
    expect(await platformPolicy()).toEqual({ ...DEFAULT_POLICY, voiceAvailable: false });
  });
});
