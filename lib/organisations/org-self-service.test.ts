import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { prisma } from '@/lib/db/prisma';
import { addMember } from '@/lib/organisations/add-member';
import { removeMember, setMemberRole } from '@/lib/organisations/change-membership';
import { createOrganisation, createOwnOrganisation } from '@/lib/organisations/create-organisation';
import { inviteMember } from '@/lib/organisations/invite-member';
import { readOrganisationHome } from '@/lib/organisations/read-organisation-home';
import { updateOrganisationPreferences } from '@/lib/organisations/update-organisation-preferences';
import { cancelInvitation } from '@/lib/organisations/cancel-invitation';
import { confirmMemberReset } from '@/lib/organisations/confirm-member-reset';
import { resetMemberTwoFactor } from '@/lib/organisations/reset-member-two-factor';
import { createTestBrand } from '@/tests/support/brands';
import { totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedPhone, createMfaUser, createTestUser, phoneNumbers, selfActorFor, TEST_CONSOLE } from '@/tests/support/users';

// Issue 20: a mailbox founds its own family or business account; a business's billing contact
// buys and reads the history and nothing else; /org changes that widen spending or members'
// security ask for the administrator's recent second factor. Every refusal changes nothing.

const nextNumber = phoneNumbers('327');
const env = envOverrides();
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

const STALE = () => new Date(Date.now() - 30 * 60 * 1000);

async function organisationsOf(userId: string) {
  return prisma.organisationMember.findMany({ where: { userId }, select: { organisationId: true, role: true } });
}

async function createBusiness() {
  const admin = await createMfaUser();
  const organisation = await createOrganisation({
    actor: TEST_CONSOLE,
    organisation: { name: `Test business ${randomUUID().slice(0, 8)}`, kind: 'BUSINESS', adminEmail: admin.email },
  });
  const billing = await createMfaUser();
  await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: billing.email, role: 'BILLING' });
  const member = await createMfaUser();
  await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: member.email });
  await prisma.organisation.update({ where: { id: organisation.id }, data: { allowSmsLogins: true } });
  return { organisation, admin, billing, member };
}

describe('creating a family or business account from Account Security', () => {
  it('makes the mailbox its administrator, audited on it and e-mailed to it', async () => {
    const owner = await createMfaUser();
    const created = await createOwnOrganisation({ actor: await selfActorFor(owner), organisation: { name: '  The Smiths ', kind: 'FAMILY' } });
    expect(created.name).toBe('The Smiths');
    expect(await organisationsOf(owner.id)).toEqual([{ organisationId: created.id, role: 'ADMINISTRATOR' }]);
    const row = await prisma.organisation.findUniqueOrThrow({ where: { id: created.id }, select: { brandId: true, kind: true } });
    expect(row).toEqual({ brandId: owner.brandId, kind: 'FAMILY' });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'organisation.created', userId: owner.id }, select: { actorId: true, detail: true } });
    expect(audit.actorId).toBe(owner.id);
    expect(audit.detail).toMatchObject({ organisationId: created.id, kind: 'FAMILY', role: 'ADMINISTRATOR' });
    const notice = await latestMessageTo(owner.email, 'EMAIL');
    expect(notice.body).toContain('The family account "The Smiths" was created from your mailbox');
  });

  it('refuses a mailbox without a second factor, one already in an account, a brand that turned it off, a bad name or kind: nothing is created', async () => {
    const withoutFactor = await createTestUser();
    const { admin: alreadyIn } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const brandOff = await createTestBrand({ allowOrganisations: false });
    const inBrandOff = await createTestUser({ withTotp: true, domain: brandOff.domain });
    const owner = await createMfaUser();
    const good = { name: 'Acme', kind: 'BUSINESS' };

    await expectAppError(createOwnOrganisation({ actor: await selfActorFor(withoutFactor), organisation: good }), 'ORGANISATION_NEEDS_TWO_FACTOR');
    await expectAppError(createOwnOrganisation({ actor: await selfActorFor(alreadyIn), organisation: good }), 'ALREADY_IN_ORGANISATION');
    await expectAppError(createOwnOrganisation({ actor: await selfActorFor(inBrandOff), organisation: good }), 'ORGANISATIONS_NOT_ALLOWED');
    const actor = await selfActorFor(owner);
    for (const organisation of [
      { name: '   ', kind: 'FAMILY' },
      { name: 'x'.repeat(101), kind: 'FAMILY' },
      { name: 'Acme', kind: 'CLUB' },
      { name: 'Acme', kind: undefined },
      { name: 42, kind: 'FAMILY' },
    ]) {
      const error = await expectAppError(createOwnOrganisation({ actor, organisation }), 'INVALID_INPUT');
      expect(Object.keys(error.fieldErrors ?? {}).length).toBeGreaterThan(0);
    }
    const restricted = await selfActorFor(owner);
    restricted.current.session.isRestricted = true;
    await expectAppError(createOwnOrganisation({ actor: restricted, organisation: good }), 'RESTRICTED_LOGIN');
    // Only a signed-in owner founds one through this path: the console has its own (with an administrator's address).
    await expectAppError(createOwnOrganisation({ actor: TEST_CONSOLE, organisation: good }), 'FORBIDDEN');

    // Other test files create organisations meanwhile: what did not happen is read per mailbox.
    for (const user of [owner, withoutFactor, inBrandOff]) expect(await organisationsOf(user.id)).toEqual([]);
    expect(await organisationsOf(alreadyIn.id)).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.created', userId: { in: [owner.id, withoutFactor.id, inBrandOff.id] } } })).toBe(0);
  });

  it('refuses a mailbox whose only second factor is a phone code: the new account\u2019s SMS logins are off', async () => {
    const phoneOnly = await createTestUser();
    await addConfirmedPhone(phoneOnly.id, nextNumber());
    await expectAppError(createOwnOrganisation({ actor: await selfActorFor(phoneOnly), organisation: { name: 'Phones', kind: 'FAMILY' } }), 'ORGANISATION_NEEDS_OTHER_FACTOR');
    expect(await prisma.organisationMember.count({ where: { userId: phoneOnly.id } })).toBe(0);
  });

  it('lets one of two parallel posts through', async () => {
    const owner = await createMfaUser();
    const actor = await selfActorFor(owner);
    const results = await Promise.allSettled([1, 2, 3].map((n) => createOwnOrganisation({ actor, organisation: { name: `Race ${n}`, kind: 'FAMILY' } })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await organisationsOf(owner.id)).toHaveLength(1);
  });
});

describe('the billing role', () => {
  it('exists in businesses only: inviting or making a family member billing is refused', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const actor = await selfActorFor(admin);
    const invitee = await createTestUser();
    await expectAppError(inviteMember({ actor, organisationId: organisation.id, email: invitee.email, role: 'BILLING' }), 'BILLING_ONLY_FOR_BUSINESS');
    await expectAppError(
      setMemberRole({ actor, organisationId: organisation.id, userId: members[0]?.id as string, role: 'BILLING' }),
      'BILLING_ONLY_FOR_BUSINESS',
    );
    await expectAppError(addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: invitee.email, role: 'BILLING' }), 'BILLING_ONLY_FOR_BUSINESS');
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await organisationsOf(members[0]?.id as string)).toEqual([{ organisationId: organisation.id, role: 'MEMBER' }]);
  });

  it('buys credits and reads the history, and sees nothing of the members, invitations or preferences', async () => {
    const { organisation, admin, billing, member } = await createBusiness();
    await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: `someone-${randomUUID()}@example.test` });
    const actor = await selfActorFor(billing);

    const bought = await startCreditPurchase({ actor, organisationId: organisation.id, packId: '100' });
    expect(bought).toMatchObject({ kind: 'granted', credits: 100 });
    const history = await listCreditHistory({ actor, organisationId: organisation.id });
    expect(history.map((row) => row.kind)).toEqual(['PURCHASE']);
    expect(history[0]?.by).toBe(billing.email);

    const home = await readOrganisationHome({ current: actor.current, request: actor.request });
    expect(home).toMatchObject({ role: 'BILLING', isAdministrator: false, mayViewCredits: true, members: [], invitations: [] });
    expect(home?.organisation.creditBalance).toBe(100);

    // Forged posts for what only administrators do: refused in the verbs, nothing changed.
    const invitation = await prisma.organisationInvitation.findFirstOrThrow({ where: { organisationId: organisation.id }, select: { id: true } });
    await expectAppError(inviteMember({ actor, organisationId: organisation.id, email: `x-${randomUUID()}@example.test` }), 'FORBIDDEN');
    await expectAppError(cancelInvitation({ actor, organisationId: organisation.id, invitationId: invitation.id }), 'FORBIDDEN');
    await expectAppError(setMemberRole({ actor, organisationId: organisation.id, userId: billing.id, role: 'ADMINISTRATOR' }), 'FORBIDDEN');
    await expectAppError(removeMember({ actor, organisationId: organisation.id, userId: member.id }), 'FORBIDDEN');
    await expectAppError(updateOrganisationPreferences({ actor, organisationId: organisation.id, allowSmsLogins: false }), 'FORBIDDEN');
    expect(await organisationsOf(member.id)).toEqual([{ organisationId: organisation.id, role: 'MEMBER' }]);
    expect(await organisationsOf(billing.id)).toEqual([{ organisationId: organisation.id, role: 'BILLING' }]);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id }, select: { allowSmsLogins: true } })).allowSmsLogins).toBe(true);
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(1);
  });

  it('is given and taken back by an administrator; a plain member reads no history', async () => {
    const { organisation, admin, member } = await createBusiness();
    const adminActor = await selfActorFor(admin);
    await expectAppError(listCreditHistory({ actor: await selfActorFor(member), organisationId: organisation.id }), 'FORBIDDEN');
    await setMemberRole({ actor: adminActor, organisationId: organisation.id, userId: member.id, role: 'BILLING' });
    expect(await listCreditHistory({ actor: await selfActorFor(member), organisationId: organisation.id })).toEqual([]);
    await setMemberRole({ actor: adminActor, organisationId: organisation.id, userId: member.id, role: 'MEMBER' });
    await expectAppError(listCreditHistory({ actor: await selfActorFor(member), organisationId: organisation.id }), 'FORBIDDEN');
  });
});

describe("/org changes that widen spending or members' security ask for a recent second factor", () => {
  it('refuses them without one, changes nothing, and accepts a current code', async () => {
    const { organisation, admin, billing, member } = await createBusiness();
    await prisma.organisation.update({ where: { id: organisation.id }, data: { allowSmsLogins: false } });
    const stale = await selfActorFor(admin, { secondFactorAt: STALE() });
    const invitee = await createTestUser();

    await expectAppError(updateOrganisationPreferences({ actor: stale, organisationId: organisation.id, allowSmsLogins: true }), 'REAUTH_REQUIRED');
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id }, select: { allowSmsLogins: true } })).allowSmsLogins).toBe(false);
    await expectAppError(setMemberRole({ actor: stale, organisationId: organisation.id, userId: member.id, role: 'ADMINISTRATOR' }), 'REAUTH_REQUIRED');
    await expectAppError(setMemberRole({ actor: stale, organisationId: organisation.id, userId: member.id, role: 'BILLING' }), 'REAUTH_REQUIRED');
    expect(await organisationsOf(member.id)).toEqual([{ organisationId: organisation.id, role: 'MEMBER' }]);
    for (const role of ['ADMINISTRATOR', 'BILLING'] as const) {
      await expectAppError(inviteMember({ actor: stale, organisationId: organisation.id, email: invitee.email, role }), 'REAUTH_REQUIRED');
    }
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(0);

    // Narrowing asks nothing more: SMS logins off, a member invited, someone made a member again.
    await updateOrganisationPreferences({ actor: stale, organisationId: organisation.id, allowSmsLogins: false });
    await inviteMember({ actor: stale, organisationId: organisation.id, email: invitee.email });
    await setMemberRole({ actor: stale, organisationId: organisation.id, userId: billing.id, role: 'MEMBER' });

    // With a current code (once: the step is spent), SMS logins go on.
    await updateOrganisationPreferences({ actor: stale, organisationId: organisation.id, allowSmsLogins: true, code: totpCode(admin.totpSecret) });
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id }, select: { allowSmsLogins: true } })).allowSmsLogins).toBe(true);
  });

  it('asks the buyer, administrator or billing contact, before a purchase', async () => {
    const { organisation, billing } = await createBusiness();
    const stale = await selfActorFor(billing, { secondFactorAt: STALE() });
    await expectAppError(startCreditPurchase({ actor: stale, organisationId: organisation.id, packId: '100' }), 'REAUTH_REQUIRED');
    expect(await prisma.creditLedgerEntry.count({ where: { organisationId: organisation.id } })).toBe(0);
    const bought = await startCreditPurchase({ actor: stale, organisationId: organisation.id, packId: '100', code: totpCode(billing.totpSecret) });
    expect(bought).toMatchObject({ kind: 'granted', credits: 100 });
  });

  it('refuses every change to an administrator without a second factor, the console\u2019s appointee or one whose 2FA was reset, before asking any code', async () => {
    // Appointed by the console before it had a factor: it may look and is told to enrol.
    const appointee = await createTestUser();
    const appointed = await createOrganisation({ actor: TEST_CONSOLE, organisation: { name: `No factor ${randomUUID().slice(0, 6)}`, kind: 'FAMILY', adminEmail: appointee.email } });
    const passwordOnly = await selfActorFor(appointee, { secondFactorAt: null });
    await expectAppError(updateOrganisationPreferences({ actor: passwordOnly, organisationId: appointed.id, allowSmsLogins: true }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(startCreditPurchase({ actor: passwordOnly, organisationId: appointed.id, packId: '100' }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    const home = await readOrganisationHome({ current: passwordOnly.current, request: passwordOnly.request });
    expect(home).toMatchObject({ isAdministrator: true, needsTwoFactor: true, buying: null });

    // A fellow administrator reset it (with a second administrator's confirmation): it keeps the
    // role, signs in with its password alone, and can demote, invite or change nothing.
    const { organisation, admin, member } = await createBusiness();
    const third = await createMfaUser();
    await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: third.email, role: 'ADMINISTRATOR' });
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: member.id, role: 'ADMINISTRATOR' });
    const requested = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: 'lost phone' });
    if (requested.kind !== 'requested') throw new Error('an administrator is reset by request');
    await confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: requested.requestId });
    const reset = await selfActorFor(member, { secondFactorAt: null });
    const stranger = await createMfaUser();
    await expectAppError(setMemberRole({ actor: reset, organisationId: organisation.id, userId: admin.id, role: 'MEMBER' }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(removeMember({ actor: reset, organisationId: organisation.id, userId: third.id }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(inviteMember({ actor: reset, organisationId: organisation.id, email: stranger.email, role: 'ADMINISTRATOR' }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(inviteMember({ actor: reset, organisationId: organisation.id, email: stranger.email }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(updateOrganisationPreferences({ actor: reset, organisationId: organisation.id, allowSmsLogins: false }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    await expectAppError(resetMemberTwoFactor({ actor: reset, organisationId: organisation.id, userId: third.id, reason: 'x' }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
    expect(await organisationsOf(admin.id)).toEqual([{ organisationId: organisation.id, role: 'ADMINISTRATOR' }]);
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(0);
    // Even a session that kept a fresh second-factor time: the factor itself is read now.
    await expectAppError(setMemberRole({ actor: await selfActorFor(member), organisationId: organisation.id, userId: admin.id, role: 'MEMBER' }), 'TRUSTED_ROLE_NEEDS_TWO_FACTOR');
  });

  it('gives a trusted role only to a mailbox with a second factor', async () => {
    const { organisation, admin } = await createBusiness();
    const plain = await createTestUser();
    await addMember({ actor: TEST_CONSOLE, organisationId: organisation.id, email: plain.email });
    for (const role of ['ADMINISTRATOR', 'BILLING'] as const) {
      await expectAppError(setMemberRole({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: plain.id, role }), 'MEMBER_NEEDS_TWO_FACTOR');
    }
    expect(await organisationsOf(plain.id)).toEqual([{ organisationId: organisation.id, role: 'MEMBER' }]);
  });

  it('a wrong code is refused and changes nothing', async () => {
    const { organisation, admin, member } = await createBusiness();
    const stale = await selfActorFor(admin, { secondFactorAt: STALE() });
    const wrong = totpCode(admin.totpSecret, new Date(Date.now() - 10 * 60 * 1000));
    await expect(setMemberRole({ actor: stale, organisationId: organisation.id, userId: member.id, role: 'ADMINISTRATOR', code: wrong })).rejects.toThrow();
    expect(await organisationsOf(member.id)).toEqual([{ organisationId: organisation.id, role: 'MEMBER' }]);
  });
});
