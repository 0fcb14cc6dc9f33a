import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { cancelMemberReset, confirmMemberReset } from '@/lib/organisations/confirm-member-reset';
import { readMemberTwoFactor } from '@/lib/organisations/read-member-two-factor';
import { remindMember } from '@/lib/organisations/remind-member';
import { requireMemberTwoFactor } from '@/lib/organisations/require-member-two-factor';
import { resetMemberTwoFactor } from '@/lib/organisations/reset-member-two-factor';
import { removeMember, setMemberRole } from '@/lib/organisations/change-membership';
import { enrolmentRequirement, readEnrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import { getEffectivePolicy, layerPolicy } from '@/lib/policy/get-effective-policy';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import { createTestBrand } from '@/tests/support/brands';
import { totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedAlternateEmail, createMfaUser, createTestUser, phoneNumbers, selfActorFor, TEST_CONSOLE } from '@/tests/support/users';

/** The list's entry, which the test made: an Error, not a silent undefined, if it did not. */
function the<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the test world lacks an entry');
  return value;
}


// Issue 20: an organisation's administrators require two-factor authentication of their members
// (the organisation's layer of the policy, which only narrows its brand's), remind those without
// it, and reset it for a member who lost their phone: scoped to their own members, with a reason
// and their own recent second factor, audited and told in one transaction, and never on another
// administrator without a second administrator.

const nextNumber = phoneNumbers('372');
const env = envOverrides();
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

const DAY_MS = 24 * 60 * 60 * 1000;

async function mfaStateOf(userId: string) {
  return isMfaEnabled(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }));
}

async function auditTypes(userId: string) {
  const rows = await prisma.auditEvent.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { type: true, actorId: true, detail: true } });
  return rows;
}

async function oneMember(options: Partial<Parameters<typeof createTestOrganisation>[0]> = {}) {
  const world = await createTestOrganisation({ nextNumber, ...options });
  const [member] = world.members;
  if (!member) throw new Error('one member');
  return { ...world, member };
}

describe('the organisation\u2019s requirement in every combination with its brand\u2019s', () => {
  // requireTwoFactor and enrolmentDays: the brand's (none, 30 days, 3 days) under the
  // organisation's (none, 7 days): the stricter holds, each from the layer that set it.
  const brandLayers: Array<[string, PolicyLayer, boolean, number]> = [
    ['no brand requirement', {}, false, 14],
    ['the brand requires, 30 days', { requireTwoFactor: true, enrolmentDays: 30 }, true, 30],
    ['the brand requires, 3 days', { requireTwoFactor: true, enrolmentDays: 3 }, true, 3],
    ['the brand says no', { requireTwoFactor: false }, false, 14],
  ];
  const organisationLayers: Array<[string, PolicyLayer]> = [
    ['nothing', {}],
    ['requires, 7 days', { requireTwoFactor: true, enrolmentDays: 7, enforceFrom: '2026-01-01' }],
  ];
  for (const [brandName, brand, brandRequires, brandDays] of brandLayers) {
    for (const [organisationName, organisation] of organisationLayers) {
      it(`${brandName}; the organisation ${organisationName}`, () => {
        const { settings, sources } = layerPolicy([
          { layer: {}, source: 'platform' },
          { layer: brand, source: 'brand' },
          { layer: organisation, source: 'organisation' },
        ]);
        const organisationRequires = organisation.requireTwoFactor === true;
        expect(settings.requireTwoFactor).toBe(brandRequires || organisationRequires);
        // The organisation narrows: its 7 days hold only where no shorter brand period does.
        const expectedDays = organisationRequires ? (brandRequires ? Math.min(7, brandDays) : 7) : brandDays;
        expect(settings.enrolmentDays).toBe(expectedDays);
        // Where both require it, the organisation's word is the last: its members read its name.
        if (organisationRequires) expect(sources.requireTwoFactor).toBe('organisation');
        else if (brandRequires) expect(sources.requireTwoFactor).toBe('brand');
        // The organisation can never turn a brand's requirement off.
        expect(layerPolicy([{ layer: {}, source: 'platform' }, { layer: brand, source: 'brand' }, { layer: { requireTwoFactor: false }, source: 'organisation' }]).settings.requireTwoFactor).toBe(brandRequires);
      });
    }
  }

  it('requiring it from the preferences writes the organisation\u2019s layer: members meet it at sign-in, outsiders do not', async () => {
    const { organisation, admin, member } = await oneMember();
    const newcomer = await createTestUser();
    await prisma.organisationMember.create({ data: { organisationId: organisation.id, userId: newcomer.id, role: 'MEMBER' } });
    const outsider = await createTestUser();
    const now = new Date();
    const saved = await requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 5, now });
    expect(saved).toEqual({ requireTwoFactor: true, enrolmentDays: 5, enforceFrom: now.toISOString().slice(0, 10) });
    const policy = await getEffectivePolicy({ userId: newcomer.id });
    expect([policy.settings.requireTwoFactor, policy.sources.requireTwoFactor, policy.settings.enrolmentDays]).toEqual([true, 'organisation', 5]);
    expect((await getEffectivePolicy({ userId: outsider.id })).settings.requireTwoFactor).toBe(false);
    // The member's period starts at its sign-in, once.
    const requirement = await enrolmentRequirement({ actor: TEST_CONSOLE, userId: newcomer.id, now });
    expect(requirement).toMatchObject({ isRequired: true, isOverdue: false, requiredBy: 'organisation' });
    if (requirement.isRequired) expect(requirement.deadline.getTime()).toBe(now.getTime() + 5 * DAY_MS);
    expect((await readEnrolmentRequirement({ userId: outsider.id })).isRequired).toBe(false);
    // The administrator's list shows the deadline; a member with 2FA has none running.
    const view = await readMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id });
    expect(view.requirement).toMatchObject({ isRequired: true, enrolmentDays: 5 });
    expect(view.members.find((row) => row.userId === newcomer.id)?.enrolmentDeadline?.getTime()).toBe(now.getTime() + 5 * DAY_MS);
    expect(view.members.find((row) => row.userId === member.id)?.isMfaEnabled).toBe(true);
    // Turned off and on again: the start date is today's again, and the member's period is not renewed.
    await requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: false, enrolmentDays: 5 });
    expect((await getEffectivePolicy({ userId: newcomer.id })).settings.requireTwoFactor).toBe(false);
    await requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 5 });
    const again = await enrolmentRequirement({ actor: TEST_CONSOLE, userId: newcomer.id, now: new Date(now.getTime() + DAY_MS) });
    if (again.isRequired) expect(again.deadline.getTime()).toBe(now.getTime() + 5 * DAY_MS);
  });

  it('turning it off asks for the administrator\u2019s recent second factor; a member or another organisation cannot touch it', async () => {
    const { organisation, admin, member } = await oneMember();
    await requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 5 });
    const stale = await selfActorFor(admin, { secondFactorAt: new Date(Date.now() - DAY_MS) });
    await expectAppError(requireMemberTwoFactor({ actor: stale, organisationId: organisation.id, requireTwoFactor: false, enrolmentDays: 5 }), 'REAUTH_REQUIRED');
    // A shorter period tightens: no code needed.
    await requireMemberTwoFactor({ actor: stale, organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 2 });
    await requireMemberTwoFactor({ actor: stale, organisationId: organisation.id, requireTwoFactor: false, enrolmentDays: 2, code: totpCode(admin.totpSecret) });
    await expectAppError(requireMemberTwoFactor({ actor: await selfActorFor(member), organisationId: organisation.id, requireTwoFactor: false, enrolmentDays: 5 }), 'FORBIDDEN');
    const other = await createTestOrganisation({ nextNumber });
    await expectAppError(requireMemberTwoFactor({ actor: await selfActorFor(other.admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 5 }), 'FORBIDDEN');
    await expectAppError(requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 999 }), 'ENROLMENT_DAYS_INVALID');
  });
});

describe('Remind', () => {
  it('e-mails a member without two-factor authentication at most once a day', async () => {
    const { organisation, admin } = await oneMember();
    const plain = await createTestUser();
    await prisma.organisationMember.create({ data: { organisationId: organisation.id, userId: plain.id, role: 'MEMBER' } });
    const actor = await selfActorFor(admin);
    const now = new Date();
    await Promise.allSettled([remindMember({ actor, organisationId: organisation.id, userId: plain.id, now }), remindMember({ actor, organisationId: organisation.id, userId: plain.id, now })]);
    expect(await countMessagesTo(plain.email)).toBe(1);
    expect((await latestMessageTo(plain.email, 'EMAIL')).subject).toContain('set up two-factor authentication');
    await expectAppError(remindMember({ actor, organisationId: organisation.id, userId: plain.id, now: new Date(now.getTime() + DAY_MS - 1000) }), 'REMINDER_TOO_SOON');
    await remindMember({ actor, organisationId: organisation.id, userId: plain.id, now: new Date(now.getTime() + DAY_MS) });
    expect(await countMessagesTo(plain.email)).toBe(2);
  });

  it('refuses a member with two-factor on, a mailbox of another organisation, and a member pressing it', async () => {
    const { organisation, admin, member } = await oneMember();
    await expectAppError(remindMember({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id }), 'REMINDER_NOT_NEEDED');
    const other = await oneMember();
    await expectAppError(remindMember({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.member.id }), 'MEMBER_NOT_FOUND');
    await expectAppError(remindMember({ actor: await selfActorFor(member), organisationId: organisation.id, userId: admin.id }), 'FORBIDDEN');
  });
});

describe('Reset two-factor authentication', () => {
  it('a business administrator resets a member: factors and sessions gone, one audit row with the reason, the member and its alternate address told, in one transaction', async () => {
    const { organisation, admin, member } = await oneMember({ kind: 'BUSINESS' });
    const alternate = await addConfirmedAlternateEmail(member.id, `alt-${member.id}@elsewhere.test`);
    const memberSession = await selfActorFor(member);
    const before = await countMessagesTo(member.email);
    const result = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: '  Lost phone, called from desk 4  ' });
    expect(result.kind).toBe('reset');
    expect(await mfaStateOf(member.id)).toBe(false);
    expect(await prisma.phone.count({ where: { userId: member.id } })).toBe(0);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: memberSession.current.session.id }, select: { revokedAt: true } })).revokedAt).not.toBeNull();
    const audit = (await auditTypes(member.id)).filter((row) => row.type === 'organisation.member_two_factor_reset');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(admin.id);
    expect(audit[0]?.detail).toMatchObject({ organisationId: organisation.id, reason: 'Lost phone, called from desk 4' });
    for (const to of [member.email, alternate.address]) {
      const message = await latestMessageTo(to, 'EMAIL');
      expect(message.subject).toContain('Your administrator turned off two-factor authentication');
      expect(message.body).toContain(organisation.name);
    }
    // Done once: a second press finds nothing to reset, and tells nobody again.
    await expectAppError(resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: 'again' }), 'MFA_NOT_ENABLED');
    expect(await countMessagesTo(member.email)).toBe(before + 1);
  });

  it('the organisation\u2019s requirement then takes the member through enrolment at its next sign-in', async () => {
    const { organisation, admin, member } = await oneMember({ kind: 'BUSINESS' });
    await requireMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, requireTwoFactor: true, enrolmentDays: 0 });
    expect((await enrolmentRequirement({ actor: TEST_CONSOLE, userId: member.id })).isRequired).toBe(true);
    await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: 'Lost phone' });
    expect(await readEnrolmentRequirement({ userId: member.id })).toMatchObject({ isRequired: true, isOverdue: true, requiredBy: 'organisation' });
  });

  it('asks for a reason and the administrator\u2019s recent second factor before anything changes', async () => {
    const { organisation, admin, member } = await oneMember({ kind: 'BUSINESS' });
    await expectAppError(resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: '   ' }), 'REASON_REQUIRED');
    const stale = await selfActorFor(admin, { secondFactorAt: new Date(Date.now() - DAY_MS) });
    await expectAppError(resetMemberTwoFactor({ actor: stale, organisationId: organisation.id, userId: member.id, reason: 'Lost phone' }), 'REAUTH_REQUIRED');
    expect(await mfaStateOf(member.id)).toBe(true);
    await resetMemberTwoFactor({ actor: stale, organisationId: organisation.id, userId: member.id, reason: 'Lost phone', code: totpCode(admin.totpSecret) });
    expect(await mfaStateOf(member.id)).toBe(false);
  });

  it('forged posts: another organisation\u2019s member, a stranger, a member acting, oneself, a staff account: refused, nothing changed', async () => {
    const { organisation, admin, member } = await oneMember({ kind: 'BUSINESS' });
    const other = await oneMember({ kind: 'BUSINESS' });
    const stranger = await createMfaUser();
    const actor = await selfActorFor(admin);
    // The other organisation's member, posted with this organisation's id or its own.
    await expectAppError(resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: other.member.id, reason: 'forged' }), 'FORBIDDEN');
    await expectAppError(resetMemberTwoFactor({ actor, organisationId: other.organisation.id, userId: other.member.id, reason: 'forged' }), 'FORBIDDEN');
    await expectAppError(resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: stranger.id, reason: 'forged' }), 'FORBIDDEN');
    await expectAppError(resetMemberTwoFactor({ actor: await selfActorFor(member), organisationId: organisation.id, userId: admin.id, reason: 'forged' }), 'FORBIDDEN');
    await expectAppError(resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: admin.id, reason: 'mine' }), 'MEMBER_RESET_OWN_ACCOUNT');
    await prisma.roleGrant.create({ data: { userId: member.id, role: 'BRAND_SUPPORT', brandId: member.brandId } });
    await expectAppError(resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: member.id, reason: 'staff' }), 'FORBIDDEN');
    for (const userId of [other.member.id, stranger.id, member.id]) expect(await mfaStateOf(userId)).toBe(true);
    expect(await prisma.auditEvent.count({ where: { type: 'access.refused', actorId: admin.id } })).toBeGreaterThanOrEqual(4);
  });

  it('family administrators reset only where the brand lets them', async () => {
    const allowing = await oneMember();
    await resetMemberTwoFactor({ actor: await selfActorFor(allowing.admin), organisationId: allowing.organisation.id, userId: allowing.member.id, reason: 'Lost phone' });
    expect(await mfaStateOf(allowing.member.id)).toBe(false);

    const brand = await createTestBrand({ familyAdminsMayReset: false });
    const family = await oneMember({ domain: brand.domain });
    await expectAppError(
      resetMemberTwoFactor({ actor: await selfActorFor(family.admin), organisationId: family.organisation.id, userId: family.member.id, reason: 'Lost phone' }),
      'MEMBER_RESET_NOT_ALLOWED',
    );
    expect(await mfaStateOf(family.member.id)).toBe(true);
    expect((await readMemberTwoFactor({ actor: await selfActorFor(family.admin), organisationId: family.organisation.id })).mayReset).toBe(false);
    // The brand's setting binds family accounts only: a business account of the same brand resets.
    const business = await oneMember({ domain: brand.domain, kind: 'BUSINESS' });
    await resetMemberTwoFactor({ actor: await selfActorFor(business.admin), organisationId: business.organisation.id, userId: business.member.id, reason: 'Lost phone' });
    expect(await mfaStateOf(business.member.id)).toBe(false);
  });

  it('another administrator: a request that a second administrator confirms, never the one who asked, never after 24 hours', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', memberCount: 2 });
    const [target, third] = members;
    if (!target || !third) throw new Error('two members');
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: target.id, role: 'ADMINISTRATOR' });
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: third.id, role: 'ADMINISTRATOR' });
    const requested = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: target.id, reason: 'Lost phone' });
    if (requested.kind !== 'requested') throw new Error('a request');
    expect(await mfaStateOf(target.id)).toBe(true);
    // The other administrators, the one to be reset included, are told at once; the one who asked is not.
    for (const to of [target.email, third.email]) expect((await latestMessageTo(to, 'EMAIL')).subject).toContain(`reset of ${target.email}`);
    await expectAppError(resetMemberTwoFactor({ actor: await selfActorFor(third), organisationId: organisation.id, userId: target.id, reason: 'again' }), 'MEMBER_RESET_PENDING');
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(admin), organisationId: organisation.id, requestId: requested.requestId }), 'MEMBER_RESET_SECOND_ADMINISTRATOR');
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(target), organisationId: organisation.id, requestId: requested.requestId }), 'MEMBER_RESET_OWN_ACCOUNT');
    // Another organisation's administrator sees no such request.
    const other = await createTestOrganisation({ nextNumber, kind: 'BUSINESS' });
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(other.admin), organisationId: other.organisation.id, requestId: requested.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    expect(await mfaStateOf(target.id)).toBe(true);

    const removed = await confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: requested.requestId });
    expect(removed.removed.length).toBeGreaterThan(0);
    expect(await mfaStateOf(target.id)).toBe(false);
    const row = await prisma.organisationResetRequest.findUniqueOrThrow({ where: { id: requested.requestId }, select: { status: true, answeredById: true } });
    expect(row).toEqual({ status: 'CONFIRMED', answeredById: third.id });
    const audit = (await auditTypes(target.id)).filter((event) => event.type === 'organisation.member_two_factor_reset');
    expect(audit.map((event) => event.actorId)).toEqual([third.id]);
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: requested.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
  });

  it('an expired or cancelled request resets nothing', async () => {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', memberCount: 2 });
    const [target, third] = members;
    if (!target || !third) throw new Error('two members');
    for (const userId of [target.id, third.id]) await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId, role: 'ADMINISTRATOR' });
    const first = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: target.id, reason: 'Lost phone' });
    if (first.kind !== 'requested') throw new Error('a request');
    await prisma.organisationResetRequest.update({ where: { id: first.requestId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: first.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    const second = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: target.id, reason: 'Lost phone' });
    if (second.kind !== 'requested') throw new Error('a request');
    await cancelMemberReset({ actor: await selfActorFor(admin), organisationId: organisation.id, requestId: second.requestId });
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: second.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    expect(await mfaStateOf(target.id)).toBe(true);
  });
});

describe('setting an administrator aside (attack review of issue 20)', () => {
  async function businessWithTwoAdministrators(memberCount = 1) {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', memberCount });
    const [other, ...rest] = members;
    if (!other) throw new Error('a member');
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: other.id, role: 'ADMINISTRATOR' });
    return { organisation, admin, other, rest };
  }
  const stale = (user: { id: string }) => selfActorFor(user, { secondFactorAt: new Date(Date.now() - DAY_MS) });

  it('demoting one asks the acting administrator\u2019s recent second factor, tells it, and its reset still needs a second administrator for 24 hours', async () => {
    const { organisation, admin, other, rest } = await businessWithTwoAdministrators(2);
    const [witness] = rest;
    if (!witness) throw new Error('a third member');
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: witness.id, role: 'ADMINISTRATOR' });
    await expectAppError(setMemberRole({ actor: await stale(admin), organisationId: organisation.id, userId: other.id, role: 'MEMBER' }), 'REAUTH_REQUIRED');
    expect((await prisma.organisationMember.findUniqueOrThrow({ where: { userId: other.id } })).role).toBe('ADMINISTRATOR');
    const [demotedBefore, witnessBefore, actorBefore] = [await countMessagesTo(other.email), await countMessagesTo(witness.email), await countMessagesTo(admin.email)];
    await setMemberRole({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id, role: 'MEMBER' });
    expect(await countMessagesTo(other.email)).toBe(demotedBefore + 1);
    expect(await countMessagesTo(witness.email)).toBe(witnessBefore + 1);
    expect(await countMessagesTo(admin.email)).toBe(actorBefore);
    expect((await latestMessageTo(witness.email, 'EMAIL')).body).toContain(other.email);
    const result = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id, reason: 'Lost phone' });
    expect(result.kind).toBe('requested');
    expect(await mfaStateOf(other.id)).toBe(true);
    if (result.kind !== 'requested') return;
    // The second administrator confirms it: the demoted member is reset as the administrator it was.
    await confirmMemberReset({ actor: await selfActorFor(witness), organisationId: organisation.id, requestId: result.requestId });
    expect(await mfaStateOf(other.id)).toBe(false);
  });

  it('after 24 hours a demoted administrator is a member like any other', async () => {
    const { organisation, admin, other } = await businessWithTwoAdministrators();
    await setMemberRole({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id, role: 'MEMBER' });
    await prisma.organisationMember.update({ where: { userId: other.id }, data: { demotedAt: new Date(Date.now() - DAY_MS - 1000) } });
    const result = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id, reason: 'Lost phone' });
    expect(result.kind).toBe('reset');
  });

  it('removing one asks the recent second factor; the removed mailbox and a removed member are e-mailed', async () => {
    const { organisation, admin, other, rest } = await businessWithTwoAdministrators(2);
    const [member] = rest;
    if (!member) throw new Error('a member');
    await expectAppError(removeMember({ actor: await stale(admin), organisationId: organisation.id, userId: other.id }), 'REAUTH_REQUIRED');
    expect(await prisma.organisationMember.count({ where: { userId: other.id } })).toBe(1);
    const before = await countMessagesTo(other.email);
    await removeMember({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: other.id });
    expect(await prisma.organisationMember.count({ where: { userId: other.id } })).toBe(0);
    expect(await countMessagesTo(other.email)).toBe(before + 1);
    // A plain member: no code asked, still told.
    const memberBefore = await countMessagesTo(member.email);
    await removeMember({ actor: await stale(admin), organisationId: organisation.id, userId: member.id });
    expect(await countMessagesTo(member.email)).toBe(memberBefore + 1);
    expect((await latestMessageTo(member.email, 'EMAIL')).body).toContain('removed');
  });

  it('a request by an administrator removed or demoted since is cancelled and cannot be confirmed', async () => {
    const { organisation, admin, other: target, rest } = await businessWithTwoAdministrators(3);
    const [third, fourth] = rest;
    if (!third || !fourth) throw new Error('four members');
    for (const m of [third, fourth]) await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: m.id, role: 'ADMINISTRATOR' });
    const removed = await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: target.id, reason: 'Lost phone' });
    if (removed.kind !== 'requested') throw new Error('a request');
    await removeMember({ actor: await selfActorFor(third), organisationId: organisation.id, userId: admin.id });
    expect((await prisma.organisationResetRequest.findUniqueOrThrow({ where: { id: removed.requestId } })).status).toBe('CANCELLED');
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(third), organisationId: organisation.id, requestId: removed.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    // A requester no longer an administrator whose request was somehow left waiting: confirming refuses and ends it.
    const left = await resetMemberTwoFactor({ actor: await selfActorFor(third), organisationId: organisation.id, userId: target.id, reason: 'Lost phone' });
    if (left.kind !== 'requested') throw new Error('a request');
    await prisma.organisationMember.update({ where: { userId: third.id }, data: { role: 'MEMBER' } });
    await expectAppError(confirmMemberReset({ actor: await selfActorFor(fourth), organisationId: organisation.id, requestId: left.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    expect((await prisma.organisationResetRequest.findUniqueOrThrow({ where: { id: left.requestId } })).status).toBe('CANCELLED');
    expect(await mfaStateOf(target.id)).toBe(true);
  });
});

// Issue 20's second attack review: the refusals it found holding, kept so they keep holding.
describe('resets raced, chained and forged (second attack review)', () => {
  async function mfaOn(userId: string) {
    return isMfaEnabled(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }));
  }
  /** A business account with `admins` administrators (the first made by the console, the others promoted) and `plain` members. */
  async function business(admins: number, plain = 0) {
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', memberCount: admins - 1 + plain });
    const administrators = [admin, ...members.slice(0, admins - 1)];
    for (const m of members.slice(0, admins - 1)) await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: m.id, role: 'ADMINISTRATOR' });
    return { organisation, administrators, plain: members.slice(admins - 1) };
  }

  it('demoted to billing, then to member, then reset at once: still a request for a second administrator', async () => {
    const { organisation, administrators } = await business(2);
    const [a, b] = [the(administrators[0]), the(administrators[1])];
    const actor = await selfActorFor(a);
    await setMemberRole({ actor, organisationId: organisation.id, userId: b.id, role: 'BILLING' });
    await setMemberRole({ actor, organisationId: organisation.id, userId: b.id, role: 'MEMBER' });
    expect((await resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: b.id, reason: 'lost phone' })).kind).toBe('requested');
    expect(await mfaOn(b.id)).toBe(true);
  });

  it('a demotion and a reset posted at the same moment never reset without a second administrator', async () => {
    for (let i = 0; i < 3; i++) {
      const { organisation, administrators } = await business(2);
      const [a, b] = [the(administrators[0]), the(administrators[1])];
      const actor = await selfActorFor(a);
      const [, reset] = await Promise.allSettled([
        setMemberRole({ actor, organisationId: organisation.id, userId: b.id, role: 'MEMBER' }),
        resetMemberTwoFactor({ actor, organisationId: organisation.id, userId: b.id, reason: 'lost phone' }),
      ]);
      if (reset.status === 'fulfilled') expect(reset.value.kind).toBe('requested');
      expect(await mfaOn(b.id)).toBe(true);
    }
  });

  it('two administrators confirming one request at once: one reset, one refusal, one audit row', async () => {
    const { organisation, administrators } = await business(4);
    const [a, b, c, d] = [the(administrators[0]), the(administrators[1]), the(administrators[2]), the(administrators[3])];
    const requested = await resetMemberTwoFactor({ actor: await selfActorFor(a), organisationId: organisation.id, userId: b.id, reason: 'lost phone' });
    if (requested.kind !== 'requested') throw new Error('an administrator is reset by request');
    const results = await Promise.allSettled([
      confirmMemberReset({ actor: await selfActorFor(c), organisationId: organisation.id, requestId: requested.requestId }),
      confirmMemberReset({ actor: await selfActorFor(d), organisationId: organisation.id, requestId: requested.requestId }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { type: 'organisation.member_two_factor_reset', userId: b.id } })).toBe(1);
  });

  it('a confirmation racing its requester being set aside never leaves a cancelled request carried out', async () => {
    for (let i = 0; i < 2; i++) {
      const { organisation, administrators } = await business(4);
      const [a, b, c, d] = [the(administrators[0]), the(administrators[1]), the(administrators[2]), the(administrators[3])];
      const requested = await resetMemberTwoFactor({ actor: await selfActorFor(a), organisationId: organisation.id, userId: b.id, reason: 'lost phone' });
      if (requested.kind !== 'requested') throw new Error('an administrator is reset by request');
      await Promise.allSettled([
        confirmMemberReset({ actor: await selfActorFor(c), organisationId: organisation.id, requestId: requested.requestId }),
        setMemberRole({ actor: await selfActorFor(d), organisationId: organisation.id, userId: a.id, role: 'MEMBER' }),
      ]);
      const { status } = await prisma.organisationResetRequest.findUniqueOrThrow({ where: { id: requested.requestId }, select: { status: true } });
      expect(status === 'CONFIRMED').toBe(!(await mfaOn(b.id)));
    }
  });

  it('an administrator demoted minutes ago cannot confirm or demote; a billing contact cannot reset, promote or confirm', async () => {
    const { organisation, administrators, plain } = await business(3, 2);
    const [a, b, c] = [the(administrators[0]), the(administrators[1]), the(administrators[2])];
    const requested = await resetMemberTwoFactor({ actor: await selfActorFor(a), organisationId: organisation.id, userId: c.id, reason: 'lost phone' });
    if (requested.kind !== 'requested') throw new Error('an administrator is reset by request');
    await setMemberRole({ actor: await selfActorFor(a), organisationId: organisation.id, userId: b.id, role: 'MEMBER' });
    const demoted = await selfActorFor(b);
    await expectAppError(confirmMemberReset({ actor: demoted, organisationId: organisation.id, requestId: requested.requestId }), 'FORBIDDEN');
    await expectAppError(setMemberRole({ actor: demoted, organisationId: organisation.id, userId: a.id, role: 'MEMBER' }), 'FORBIDDEN');
    const [billing, member] = [the(plain[0]), the(plain[1])];
    await setMemberRole({ actor: TEST_CONSOLE, organisationId: organisation.id, userId: billing.id, role: 'BILLING' });
    const asBilling = await selfActorFor(billing);
    await expectAppError(resetMemberTwoFactor({ actor: asBilling, organisationId: organisation.id, userId: member.id, reason: 'x' }), 'FORBIDDEN');
    await expectAppError(setMemberRole({ actor: asBilling, organisationId: organisation.id, userId: billing.id, role: 'ADMINISTRATOR' }), 'FORBIDDEN');
    await expectAppError(confirmMemberReset({ actor: asBilling, organisationId: organisation.id, requestId: requested.requestId }), 'FORBIDDEN');
    expect(await mfaOn(c.id)).toBe(true);
    expect(await mfaOn(member.id)).toBe(true);
  });

  it('another organisation\u2019s waiting request is neither found from mine nor confirmed in theirs', async () => {
    const mine = await business(2);
    const theirs = await business(2);
    const me = await selfActorFor(the(mine.administrators[0]));
    const requested = await resetMemberTwoFactor({ actor: await selfActorFor(the(theirs.administrators[0])), organisationId: theirs.organisation.id, userId: the(theirs.administrators[1]).id, reason: 'lost phone' });
    if (requested.kind !== 'requested') throw new Error('an administrator is reset by request');
    await expectAppError(confirmMemberReset({ actor: me, organisationId: mine.organisation.id, requestId: requested.requestId }), 'MEMBER_RESET_REQUEST_NOT_FOUND');
    await expectAppError(confirmMemberReset({ actor: me, organisationId: theirs.organisation.id, requestId: requested.requestId }), 'FORBIDDEN');
    expect(await mfaOn(the(theirs.administrators[1]).id)).toBe(true);
  });
});
