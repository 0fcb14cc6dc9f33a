import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { prisma } from '@/lib/db/prisma';
import { addMember } from '@/lib/organisations/add-member';
import { acceptInvitation, declineInvitation } from '@/lib/organisations/answer-invitation';
import { cancelInvitation } from '@/lib/organisations/cancel-invitation';
import { removeMember, setMemberRole } from '@/lib/organisations/change-membership';
import { INVITATIONS_PER_DAY, inviteMember } from '@/lib/organisations/invite-member';
import { leaveOrganisation } from '@/lib/organisations/leave-organisation';
import { findOwnInvitationByToken, listOwnInvitations } from '@/lib/organisations/list-own-invitations';
import { readMembership } from '@/lib/organisations/find-organisation';
import { readOrganisationHome } from '@/lib/organisations/read-organisation-home';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedPhone, createMfaUser, createTestUser, currentSessionFor, phoneNumbers, selfActorFor, TEST_CONSOLE, testRequest } from '@/tests/support/users';

/** The list's entry, which the test made: an Error, not a silent undefined, if it did not. */
function the<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the test world lacks an entry');
  return value;
}


// SECURITY.md "Tenancy": membership of a family or business account is an invitation the mailbox
// accepts; nothing about a mailbox is shown to or changed by an organisation before that.

const nextNumber = phoneNumbers('319');
const env = envOverrides();
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

async function homeOf(user: { id: string }) {
  const actor = await selfActorFor(user);
  const home = await readOrganisationHome({ current: actor.current, request: actor.request });
  if (!home) throw new Error('not in an organisation');
  return home;
}

/** The token in the newest invitation e-mail to `email`, as the mailbox would click it. */
async function invitationToken(email: string): Promise<string> {
  const message = await latestMessageTo(email, 'EMAIL');
  const token = /\/org\/invitation\?token=([A-Za-z0-9_-]+)/.exec(message.body)?.[1];
  if (!token) throw new Error(`no invitation link in the e-mail to ${email}: ${message.body}`);
  return token;
}

async function openInvitationId(userId: string): Promise<string> {
  const [invitation] = await listOwnInvitations({ userId });
  if (!invitation) throw new Error('no open invitation');
  return invitation.id;
}

/** The invitation bound to `userId`, whatever its status. */
async function invitationIdOf(userId: string): Promise<string> {
  return (await prisma.organisationInvitation.findFirstOrThrow({ where: { userId }, select: { id: true } })).id;
}

async function membersOf(organisationId: string) {
  return prisma.organisationMember.findMany({ where: { organisationId }, select: { userId: true, role: true }, orderBy: { userId: 'asc' } });
}

describe('inviting', () => {
  it('answers every address the same way: unknown, another brand, another organisation, already a member, eligible', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const other = await createTestOrganisation({ nextNumber });
    const foreignBrand = await createTestBrand();
    const foreign = await createTestUser({ domain: foreignBrand.domain });
    const eligible = await createTestUser();
    const actor = await selfActorFor(admin);
    const addresses = {
      unknown: `nobody-${eligible.id}@example.test`,
      otherBrand: foreign.email,
      otherOrganisation: other.members[0]?.email as string,
      alreadyMember: members[0]?.email as string,
      eligible: eligible.email,
    };
    const membersBefore = await membersOf(organisation.id);
    const outcomes = [];
    for (const [kind, email] of Object.entries(addresses)) {
      // The form's own casing and spaces: the list shows the address as the verb normalised it, for every kind alike.
      outcomes.push({ kind, outcome: await inviteMember({ actor, organisationId: organisation.id, email: ` ${email.toUpperCase()} ` }).then(
        (value) => ({ resolved: value }),
        (error: unknown) => ({ rejected: String(error) }),
      ) });
    }
    // One answer: every call resolved with nothing.
    for (const { outcome } of outcomes) expect(outcome).toEqual({ resolved: undefined });

    // The administrator's read model lists exactly what was typed, each row the same shape, with nothing about a mailbox.
    const home = await homeOf(admin);
    expect(home.invitations.map((row) => row.email).sort()).toEqual(Object.values(addresses).map((email) => email.toLowerCase()).sort());
    for (const row of home.invitations) {
      expect(Object.keys(row).sort()).toEqual(['createdAt', 'email', 'expiresAt', 'id', 'role']);
      expect(row.role).toBe('MEMBER');
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(14 * 24 * 3600 * 1000);
    }
    // Nothing about any mailbox changed: the same members, the invited mailboxes still where they were.
    expect(await membersOf(organisation.id)).toEqual(membersBefore);
    expect((await readMembership(other.members[0]?.id as string))?.organisation.id).toBe(other.organisation.id);
    expect(await readMembership(eligible.id)).toBeNull();
    expect(home.members.map((member) => member.email)).not.toContain(eligible.email);

    // Only the eligible mailbox is e-mailed and bound; the others got nothing to answer.
    expect((await latestMessageTo(eligible.email, 'EMAIL')).subject).toMatch(/invited to join/);
    expect(await prisma.outboundMessage.count({ where: { to: foreign.email, subject: { contains: 'invited' } } })).toBe(0);
    expect(await prisma.outboundMessage.count({ where: { to: addresses.otherOrganisation, subject: { contains: 'invited' } } })).toBe(0);
    expect(await listOwnInvitations({ userId: foreign.id })).toEqual([]);
    expect(await listOwnInvitations({ userId: other.members[0]?.id as string })).toEqual([]);
    expect(await listOwnInvitations({ userId: eligible.id })).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.invitation_sent', actorId: admin.id } })).toBe(5);
  });

  it('is an administrator\u2019s: a member, another organisation\u2019s administrator and a restricted login are refused; the direct add is the console\u2019s alone', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const other = await createTestOrganisation({ nextNumber });
    const victim = await createTestUser();
    const restricted = selfActor(await currentSessionFor(admin, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    await expectAppError(inviteMember({ actor: await selfActorFor(members[0] as { id: string }), organisationId: organisation.id, email: victim.email }), 'FORBIDDEN');
    await expectAppError(inviteMember({ actor: await selfActorFor(other.admin), organisationId: organisation.id, email: victim.email }), 'FORBIDDEN');
    await expectAppError(inviteMember({ actor: restricted, organisationId: organisation.id, email: victim.email }), 'RESTRICTED_LOGIN');
    // The old direct add, which needed no consent, is refused to the administrator (forged post or not).
    await expectAppError(addMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: victim.email }), 'FORBIDDEN');
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await readMembership(victim.id)).toBeNull();
  });

  it(`stops at ${INVITATIONS_PER_DAY} invitations a day per organisation, whatever the addresses`, async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const actor = await selfActorFor(admin);
    const probe = (i: number | string) => inviteMember({ actor, organisationId: organisation.id, email: `probe-${i}-${organisation.id}@example.test` });
    for (let i = 0; i < INVITATIONS_PER_DAY - 3; i++) await probe(i);
    // The last few race: counted under the organisation's lock, exactly the cap gets through.
    const raced = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => probe(`race-${i}`)));
    expect(raced.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    const eligible = await createTestUser();
    await expectAppError(inviteMember({ actor, organisationId: organisation.id, email: eligible.email }), 'INVITATIONS_LIMIT');
    await expectAppError(inviteMember({ actor, organisationId: organisation.id, email: `probe-x-${organisation.id}@example.test` }), 'INVITATIONS_LIMIT');
    expect(await prisma.organisationInvitation.count({ where: { organisationId: organisation.id } })).toBe(INVITATIONS_PER_DAY);
    expect(await listOwnInvitations({ userId: eligible.id })).toEqual([]);
  });
});

describe('answering', () => {
  it('the link works once, only for the invited mailbox; accepting makes it a member and only then shows it', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const invitee = await createMfaUser();
    const stranger = await createTestUser();
    await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: invitee.email });
    const token = await invitationToken(invitee.email);
    // Only a hash is stored.
    expect(await prisma.organisationInvitation.count({ where: { tokenHash: token } })).toBe(0);

    // Another signed-in mailbox opening the link gets nothing; nor does a made-up token.
    expect(await findOwnInvitationByToken({ userId: stranger.id, token })).toBeNull();
    expect(await findOwnInvitationByToken({ userId: admin.id, token })).toBeNull();
    expect(await findOwnInvitationByToken({ userId: invitee.id, token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` })).toBeNull();
    const found = await findOwnInvitationByToken({ userId: invitee.id, token });
    expect(found?.organisation.name).toBe(organisation.name);

    // Before accepting: no membership, nothing of it in the administrator's read model.
    expect(await readMembership(invitee.id)).toBeNull();
    expect((await homeOf(admin)).members.map((member) => member.userId)).toEqual([admin.id]);

    const joined = await acceptInvitation({ actor: await selfActorFor(invitee), invitationId: found?.id as string });
    expect(joined).toEqual({ organisationId: organisation.id, name: organisation.name });
    expect((await readMembership(invitee.id))?.organisation.id).toBe(organisation.id);
    const home = await homeOf(admin);
    expect(home.members.find((member) => member.userId === invitee.id)).toEqual({ userId: invitee.id, email: invitee.email, role: 'MEMBER', isMfaEnabled: true });
    expect(home.invitations).toEqual([]);

    // Single use: the link and the notice are gone, a second accept is refused.
    expect(await findOwnInvitationByToken({ userId: invitee.id, token })).toBeNull();
    expect(await listOwnInvitations({ userId: invitee.id })).toEqual([]);
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId: found?.id as string }), 'INVITATION_NOT_FOUND');
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.invitation_accepted', userId: invitee.id } })).toBe(1);
    expect((await latestMessageTo(invitee.email, 'EMAIL')).subject).toMatch(/^Gatehouse: You joined/);
    expect((await latestMessageTo(admin.email, 'EMAIL')).subject).toBe(`Gatehouse: ${invitee.email} joined "${organisation.name}"`);
  });

  it('a forged accept or decline by another mailbox, the administrator, the console or a restricted login changes nothing', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const invitee = await createTestUser();
    const stranger = await createTestUser();
    await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: invitee.email });
    const invitationId = await openInvitationId(invitee.id);
    for (const actor of [await selfActorFor(stranger), await selfActorFor(admin)]) {
      await expectAppError(acceptInvitation({ actor, invitationId }), 'INVITATION_NOT_FOUND');
      await expectAppError(declineInvitation({ actor, invitationId }), 'INVITATION_NOT_FOUND');
    }
    await expectAppError(acceptInvitation({ actor: TEST_CONSOLE, invitationId }), 'FORBIDDEN');
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId: 'not-an-id' }), 'INVITATION_NOT_FOUND');
    const kiosk = selfActor(await currentSessionFor(invitee, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    await expectAppError(acceptInvitation({ actor: kiosk, invitationId }), 'RESTRICTED_LOGIN');
    await expectAppError(declineInvitation({ actor: kiosk, invitationId }), 'RESTRICTED_LOGIN');
    expect(await readMembership(stranger.id)).toBeNull();
    expect(await readMembership(invitee.id)).toBeNull();
    expect(await membersOf(organisation.id)).toEqual([{ userId: admin.id, role: 'ADMINISTRATOR' }]);
    expect(await openInvitationId(invitee.id)).toBe(invitationId);
  });

  it('two accepts of one invitation at once make one membership; an accept racing a decline, one answer', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const adminActor = await selfActorFor(admin);
    const invitee = await createTestUser();
    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: invitee.email });
    const invitationId = await openInvitationId(invitee.id);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, async () => acceptInvitation({ actor: await selfActorFor(invitee), invitationId })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await prisma.organisationMember.count({ where: { userId: invitee.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.invitation_accepted', userId: invitee.id } })).toBe(1);

    const second = await createTestUser();
    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: second.email });
    const secondId = await openInvitationId(second.id);
    const raced = await Promise.allSettled([
      acceptInvitation({ actor: await selfActorFor(second), invitationId: secondId }),
      declineInvitation({ actor: await selfActorFor(second), invitationId: secondId }),
    ]);
    expect(raced.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const { status } = await prisma.organisationInvitation.findUniqueOrThrow({ where: { id: secondId }, select: { status: true } });
    expect(await prisma.organisationMember.count({ where: { userId: second.id } })).toBe(status === 'ACCEPTED' ? 1 : 0);
  });

  it('a declined invitation changes nothing and looks to the administrator like any other until it expires or is cancelled', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const adminActor = await selfActorFor(admin);
    const invitee = await createTestUser();
    const unknown = `nobody-${invitee.id}@example.test`;
    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: invitee.email });
    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: unknown });
    const invitationId = await openInvitationId(invitee.id);
    const before = (await homeOf(admin)).invitations;
    await declineInvitation({ actor: await selfActorFor(invitee), invitationId });
    expect((await homeOf(admin)).invitations).toEqual(before);
    expect(await readMembership(invitee.id)).toBeNull();
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId }), 'INVITATION_NOT_FOUND');
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.invitation_declined', userId: invitee.id } })).toBe(1);
    // The administrator was not told; the mailbox was.
    expect(await prisma.outboundMessage.count({ where: { to: admin.email, subject: { contains: 'declined' } } })).toBe(0);
    expect((await latestMessageTo(invitee.email, 'EMAIL')).subject).toMatch(/declined/);
    // Cancelling answers alike for the declined and the unknown address.
    for (const row of before) await cancelInvitation({ actor: adminActor, organisationId: organisation.id, invitationId: row.id });
    expect((await homeOf(admin)).invitations).toEqual([]);
  });

  it('a cancelled or expired invitation cannot be accepted; only an administrator cancels', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const adminActor = await selfActorFor(admin);
    const invitee = await createTestUser();
    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: invitee.email });
    const invitationId = await openInvitationId(invitee.id);
    await expectAppError(cancelInvitation({ actor: await selfActorFor(members[0] as { id: string }), organisationId: organisation.id, invitationId }), 'FORBIDDEN');
    await cancelInvitation({ actor: adminActor, organisationId: organisation.id, invitationId });
    await expectAppError(cancelInvitation({ actor: adminActor, organisationId: organisation.id, invitationId }), 'INVITATION_NOT_FOUND');
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId }), 'INVITATION_NOT_FOUND');
    expect((await latestMessageTo(invitee.email, 'EMAIL')).subject).toMatch(/withdrawn/);

    await inviteMember({ actor: adminActor, organisationId: organisation.id, email: invitee.email });
    const token = await invitationToken(invitee.email);
    const renewedId = await openInvitationId(invitee.id);
    await prisma.organisationInvitation.update({ where: { id: renewedId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await listOwnInvitations({ userId: invitee.id })).toEqual([]);
    expect(await findOwnInvitationByToken({ userId: invitee.id, token })).toBeNull();
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId: renewedId }), 'INVITATION_NOT_FOUND');
    expect((await homeOf(admin)).invitations).toEqual([]);
    expect(await readMembership(invitee.id)).toBeNull();
  });

  it('a mailbox whose only second factor is a phone code cannot join; a password-only one cannot become administrator or billing contact', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', allowSmsLogins: false });
    const phoneOnly = await createTestUser();
    await addConfirmedPhone(phoneOnly.id, nextNumber());
    await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: phoneOnly.email });
    await expectAppError(acceptInvitation({ actor: await selfActorFor(phoneOnly), invitationId: await openInvitationId(phoneOnly.id) }), 'ORGANISATION_NEEDS_OTHER_FACTOR');
    for (const role of ['ADMINISTRATOR', 'BILLING'] as const) {
      const plain = await createTestUser();
      await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: plain.email, role });
      const session = await selfActorFor(plain, { secondFactorAt: null });
      await expectAppError(acceptInvitation({ actor: session, invitationId: await openInvitationId(plain.id) }), 'ORGANISATION_NEEDS_TWO_FACTOR');
      expect(await prisma.organisationMember.count({ where: { userId: plain.id } })).toBe(0);
    }
    // Still open: the mailbox may add a factor and accept.
    expect(await prisma.organisationMember.count({ where: { userId: phoneOnly.id } })).toBe(0);
    await openInvitationId(phoneOnly.id);
  });

  it('a mailbox that joined another organisation since cannot accept; its notice is empty', async () => {
    const first = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const second = await createTestOrganisation({ nextNumber, memberCount: 0 });
    const invitee = await createTestUser();
    await inviteMember({ actor: await selfActorFor(first.admin), organisationId: first.organisation.id, email: invitee.email });
    await inviteMember({ actor: await selfActorFor(second.admin), organisationId: second.organisation.id, email: invitee.email });
    const invitations = await prisma.organisationInvitation.findMany({ where: { userId: invitee.id }, select: { id: true, organisationId: true } });
    const inFirst = invitations.find((row) => row.organisationId === first.organisation.id)?.id as string;
    const inSecond = invitations.find((row) => row.organisationId === second.organisation.id)?.id as string;
    await acceptInvitation({ actor: await selfActorFor(invitee), invitationId: inFirst });
    expect(await listOwnInvitations({ userId: invitee.id })).toEqual([]);
    await expectAppError(acceptInvitation({ actor: await selfActorFor(invitee), invitationId: inSecond }), 'MEMBER_IN_OTHER_ORGANISATION');
    expect((await readMembership(invitee.id))?.organisation.id).toBe(first.organisation.id);
    expect((await prisma.organisationInvitation.findUniqueOrThrow({ where: { id: inSecond } })).status).toBe('PENDING');
  });
});

describe("an administrator's invitations end with its role", () => {
  it('removing or demoting an administrator cancels the invitations it sent; one it sent is not accepted once it is no administrator', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, memberCount: 2 });
    const [suspect, other] = [the(members[0]), the(members[1])];
    for (const member of [suspect, other]) await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: member.id, role: 'ADMINISTRATOR' });
    const accomplice = await createMfaUser();
    const friend = await createMfaUser();
    await inviteMember({ actor: await selfActorFor(suspect), organisationId: organisation.id, email: accomplice.email, role: 'ADMINISTRATOR' });
    await inviteMember({ actor: await selfActorFor(other), organisationId: organisation.id, email: friend.email });
    // Removed as "not who they seemed": its invitation goes with it, audited; the other stays.
    await removeMember({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: suspect.id });
    const statuses = async () =>
      Object.fromEntries(
        (await prisma.organisationInvitation.findMany({ where: { organisationId: organisation.id }, select: { userId: true, status: true } })).map((row) => [row.userId, row.status]),
      );
    expect(await statuses()).toEqual({ [accomplice.id]: 'CANCELLED', [friend.id]: 'PENDING' });
    await expectAppError(acceptInvitation({ actor: await selfActorFor(accomplice), invitationId: await invitationIdOf(accomplice.id) }), 'INVITATION_NOT_FOUND');
    expect(await readMembership(accomplice.id)).toBeNull();
    expect(await latestMessageTo(accomplice.email, 'EMAIL')).toMatchObject({ subject: expect.stringContaining('was withdrawn') });

    // Demoted: the same. And a sender demoted by a path that cancelled nothing (the row written
    // by hand here) still cannot hand out what it offered.
    await setMemberRole({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id, role: 'MEMBER' });
    expect((await statuses())[friend.id]).toBe('CANCELLED');
    const late = await createMfaUser();
    await inviteMember({ actor: await selfActorFor(admin), organisationId: organisation.id, email: late.email });
    await prisma.organisationInvitation.updateMany({ where: { userId: late.id }, data: { invitedById: other.id } });
    await expectAppError(acceptInvitation({ actor: await selfActorFor(late), invitationId: await openInvitationId(late.id) }), 'INVITATION_NOT_FOUND');
    expect(await readMembership(late.id)).toBeNull();
    // An invitation from before senders were recorded has none, and stays acceptable.
    await prisma.organisationInvitation.updateMany({ where: { userId: late.id }, data: { invitedById: null } });
    await acceptInvitation({ actor: await selfActorFor(late), invitationId: await openInvitationId(late.id) });
    expect(await readMembership(late.id)).toMatchObject({ role: 'MEMBER' });
  });
});

describe('leaving', () => {
  it('a member leaves by itself and the organisation sees it no more; the last administrator cannot leave', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber });
    const member = members[0] as { id: string; email: string };
    await expectAppError(leaveOrganisation({ actor: await selfActorFor(admin), organisationId: organisation.id }), 'LAST_ADMINISTRATOR');
    const kiosk = selfActor(await currentSessionFor(member, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    await expectAppError(leaveOrganisation({ actor: kiosk, organisationId: organisation.id }), 'RESTRICTED_LOGIN');
    await leaveOrganisation({ actor: await selfActorFor(member), organisationId: organisation.id });
    expect(await readMembership(member.id)).toBeNull();
    expect((await homeOf(admin)).members.map((row) => row.userId)).toEqual([admin.id]);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.member_removed', userId: member.id } })).toBe(1);
    expect((await latestMessageTo(member.email, 'EMAIL')).subject).toBe(`Gatehouse: You left "${organisation.name}"`);
    expect((await latestMessageTo(admin.email, 'EMAIL')).subject).toBe(`Gatehouse: ${member.email} left "${organisation.name}"`);
    await expectAppError(leaveOrganisation({ actor: await selfActorFor(member), organisationId: organisation.id }), 'FORBIDDEN');
  });
});
