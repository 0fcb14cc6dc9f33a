import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeldRole } from '@/lib/core/roles';
import { staffActor } from '@/lib/core/staff-actor';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import type { PasswordStepResult } from '@/lib/sign-in/password-step-result';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { addressKey } from '@/lib/geo/address-key';
import type { RequestContext } from '@/lib/http/request-context';
import { forgetLocation } from '@/lib/locations/forget-location';
import { listRememberedLocations } from '@/lib/locations/list-remembered-locations';
import { MAX_LOCATIONS_PER_KIND, recordSignInLocation } from '@/lib/locations/record-sign-in-location';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import { readMailboxSecurity } from '@/lib/support/read-mailbox-security';
import { resetRememberedLocations } from '@/lib/support/reset-remembered-locations';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createTestBrand } from '@/tests/support/brands';
import { inOwnDatabase } from '@/tests/support/own-database';
import { backupCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, createTestUser, currentSessionFor, selfActorFor, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// Public addresses whose country is public knowledge (see lib/geo/country-of-ip.test.ts).
const US = '8.8.8.8';
const US_TOO = '8.8.4.4';
const DE = '194.25.0.1';
const FR = '80.67.169.12';
const JP = '133.11.0.1';
const BR = '200.160.0.8';
const GB = '81.2.69.142';
const NEW_COUNTRY_SUBJECT = 'Sign-in from a new country';
const MINUTE_MS = 60 * 1000;

const from = (ip: string): RequestContext => ({ ip, userAgent: 'vitest' });

// Issue 17: "Never" is off at the platform and a brand may not offer it unless the platform lets
// brands loosen that switch; these tests' brands offer it, so this file ticks "Brands may loosen
// this" for it, in a database of its own (it changes what every brand inherits).
inOwnDatabase('gh_challenge');
beforeAll(async () => {
  await updatePlatformSettings({ actor: TEST_CONSOLE, changes: {}, brandsMayLoosen: ['offerNeverChallenge'] });
});

/** A brand of the test's own offering every challenge policy (and whatever else `settings` says). */
function brandOffering(settings: PolicyLayer = {}) {
  return createTestBrand({ offerNewIpChallenge: true, offerNewCountryChallenge: true, offerNeverChallenge: true, ...settings });
}

/** A mailbox with an authenticator app; each call of `nextCode` hands out one of its unused backup codes. */
async function mfaMailbox(domain: string, { roles = [] }: { roles?: HeldRole[] } = {}) {
  const user = await createTestUser({ withTotp: true, domain, roles });
  const unused = [...user.backupCodes];
  return {
    ...user,
    nextCode() {
      const code = unused.shift();
      if (!code) throw new Error('this test used up the mailbox’s backup codes');
      return backupCode(code);
    },
  };
}

type Mailbox = Awaited<ReturnType<typeof mfaMailbox>>;

/** The owner chooses a policy on their security page, a second factor proven a moment ago. */
async function choosePolicy(user: { id: string }, challengePolicy: ChallengePolicy): Promise<void> {
  await setChallengePolicy({ actor: await selfActorFor(user), userId: user.id, challengePolicy });
}

function passwordStep(user: { email: string; password: string }, ip: string): Promise<PasswordStepResult> {
  return signInWithPassword({ email: user.email, password: user.password, request: from(ip) });
}

/** A whole sign-in from `ip`: the password, then a code. */
async function signInWithCode(user: Mailbox, ip: string) {
  const request = from(ip);
  return completeSignIn({ pendingLoginToken: (await startSignIn(user, request)).token, code: user.nextCode(), request });
}

/** Where the password step led: for a session, whether it passed a second factor. */
async function outcomeOf(result: PasswordStepResult): Promise<string> {
  if (result.next !== 'signed-in') return result.next;
  const session = await prisma.session.findUniqueOrThrow({ where: { id: result.session.sessionId }, select: { secondFactorAt: true } });
  return session.secondFactorAt === null ? 'signed-in with the password alone' : 'signed-in after a second factor';
}

const PASSWORD_ONLY = 'signed-in with the password alone';

async function rememberedOf(userId: string) {
  const locations = await listRememberedLocations({ userId });
  return {
    addresses: locations.filter((location) => location.kind === 'IP').map((location) => location.label),
    countries: locations.filter((location) => location.kind === 'COUNTRY').map((location) => location.label),
  };
}

function countNewCountryNotices(to: string): Promise<number> {
  return prisma.outboundMessage.count({ where: { to, subject: { contains: NEW_COUNTRY_SUBJECT } } });
}

async function brandSupportOf(brandId: string) {
  const staff = await createTestUser({ withTotp: true, roles: [{ role: 'BRAND_SUPPORT', brandId }] });
  return staffActor(await currentSessionFor(staff, { secondFactorAt: new Date() }), testRequest());
}

describe('the second factor at the password step', () => {
  it('under "Only from a new IP address": a remembered address needs the password alone, any other asks for the code', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEW_IP');

    expect(await outcomeOf(await passwordStep(user, '10.20.30.40'))).toBe('second-factor');
    await signInWithCode(user, '10.20.30.40');

    expect(await outcomeOf(await passwordStep(user, '10.20.30.40'))).toBe(PASSWORD_ONLY);
    expect(await outcomeOf(await passwordStep(user, '10.20.30.41'))).toBe('second-factor');
    expect(await outcomeOf(await passwordStep(user, 'unknown'))).toBe('second-factor');
  });

  it('under "Only from a new country": a remembered country needs the password alone from any of its addresses; a new country or a private address asks', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEW_COUNTRY');
    await signInWithCode(user, US);

    expect(await outcomeOf(await passwordStep(user, US_TOO))).toBe(PASSWORD_ONLY);
    expect(await outcomeOf(await passwordStep(user, US))).toBe(PASSWORD_ONLY);
    for (const ip of [DE, FR, JP, BR, GB]) expect({ ip, next: await outcomeOf(await passwordStep(user, ip)) }).toEqual({ ip, next: 'second-factor' });
    // An address with no country is always new, even one where a code was entered before.
    await signInWithCode(user, '10.1.2.3');
    for (const ip of ['10.1.2.3', '192.168.1.1', '127.0.0.1', 'unknown']) {
      expect({ ip, next: await outcomeOf(await passwordStep(user, ip)) }).toEqual({ ip, next: 'second-factor' });
    }
  });

  it('asks again from a remembered country once support reset the remembered locations', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEW_COUNTRY');
    await signInWithCode(user, DE);
    expect(await outcomeOf(await passwordStep(user, DE))).toBe(PASSWORD_ONLY);

    await resetRememberedLocations({ actor: await brandSupportOf(brand.id), userId: user.id, reason: 'Ticket 99: the user thinks someone knows their password' });

    expect(await rememberedOf(user.id)).toEqual({ addresses: [], countries: [] });
    expect(await outcomeOf(await passwordStep(user, DE))).toBe('second-factor');
  });

  it('under "Never": the password alone from anywhere, until the brand withdraws the choice', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEVER');
    for (const ip of [JP, BR, '10.9.8.7']) expect({ ip, next: await outcomeOf(await passwordStep(user, ip)) }).toEqual({ ip, next: PASSWORD_ONLY });

    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { offerNeverChallenge: false } });

    expect(await outcomeOf(await passwordStep(user, JP))).toBe('second-factor');
  });

  it('never offers "Never" while the brand requires 2FA, and a "Never" in force then falls back to asking', async () => {
    const brand = await brandOffering();
    const earlier = await mfaMailbox(brand.domain);
    await choosePolicy(earlier, 'NEVER');
    expect(await outcomeOf(await passwordStep(earlier, GB))).toBe(PASSWORD_ONLY);

    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { requireTwoFactor: true } });

    expect(await outcomeOf(await passwordStep(earlier, GB))).toBe('second-factor');
    const later = await mfaMailbox(brand.domain);
    await expectAppError(setChallengePolicy({ actor: await selfActorFor(later), userId: later.id, challengePolicy: 'NEVER' }), 'CHALLENGE_POLICY_NOT_OFFERED');
    await expectAppError(
      setChallengePolicy({ actor: await brandSupportOf(brand.id), userId: later.id, challengePolicy: 'NEVER', reason: 'The user asked for it' }),
      'CHALLENGE_POLICY_NOT_OFFERED',
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: later.id }, select: { challengePolicy: true } })).challengePolicy).toBe('ALWAYS');
    expect(await prisma.auditEvent.count({ where: { userId: later.id, type: 'challenge_policy.changed' } })).toBe(0);
    // Issue 17: the withdrawn choice is replaced by "Always" (never a weaker default), and the owner told.
    expect((await readMailboxSecurity({ actor: await brandSupportOf(brand.id), userId: earlier.id })).challengePolicy).toMatchObject({
      chosen: 'ALWAYS',
      inForce: 'ALWAYS',
    });
    expect(await prisma.auditEvent.count({ where: { userId: earlier.id, type: 'challenge_policy.withdrawn' } })).toBe(1);
  });

  it('always asks a staff account, whatever policy it chose', async () => {
    const brand = await brandOffering();
    const staff = await mfaMailbox(brand.domain, { roles: [{ role: 'BRAND_SUPPORT', brandId: brand.id }] });
    await choosePolicy(staff, 'NEW_COUNTRY');
    await signInWithCode(staff, FR);
    expect(await outcomeOf(await passwordStep(staff, FR))).toBe('second-factor');
    await choosePolicy(staff, 'NEVER');
    expect(await outcomeOf(await passwordStep(staff, FR))).toBe('second-factor');
    await choosePolicy(staff, 'NEW_IP');
    expect(await outcomeOf(await passwordStep(staff, FR))).toBe('second-factor');
  });

  it('signs in a mailbox with no factor under "Only from a new country", unless its brand requires 2FA: then it must enrol', async () => {
    const relaxed = await brandOffering({ defaultChallengePolicy: 'NEW_COUNTRY' });
    const plain = await createTestUser({ domain: relaxed.domain });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: plain.id }, select: { challengePolicy: true } })).challengePolicy).toBe('NEW_COUNTRY');
    expect(await outcomeOf(await passwordStep(plain, DE))).toBe(PASSWORD_ONLY);
    expect(await outcomeOf(await passwordStep(plain, '192.168.1.1'))).toBe(PASSWORD_ONLY);

    const strict = await brandOffering({ defaultChallengePolicy: 'NEW_COUNTRY', requireTwoFactor: true });
    const unenrolled = await createTestUser({ domain: strict.domain });
    expect(await outcomeOf(await passwordStep(unenrolled, DE))).toBe('enrol');
    expect(await prisma.session.count({ where: { userId: unenrolled.id } })).toBe(0);
  });
});

describe('remembered locations', () => {
  it('are recorded only after a sign-in that passed a second factor, never after the password alone', async () => {
    const brand = await brandOffering();
    const plain = await createTestUser({ domain: brand.domain });
    expect(await outcomeOf(await passwordStep(plain, US))).toBe(PASSWORD_ONLY);
    expect(await rememberedOf(plain.id)).toEqual({ addresses: [], countries: [] });
    expect(await prisma.rememberedLocation.count({ where: { userId: plain.id, kind: 'IP' } })).toBe(0);

    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEW_COUNTRY');
    expect(await outcomeOf(await passwordStep(user, US))).toBe('second-factor');
    expect(await rememberedOf(user.id)).toEqual({ addresses: [], countries: [] });
    await signInWithCode(user, US);
    const afterCode = await rememberedOf(user.id);
    expect(afterCode.addresses).toEqual([US]);
    expect(afterCode.countries).toHaveLength(1);
    expect(afterCode.countries[0]).toContain('US');

    // A sign-in the policy spared the code does not make its address remembered.
    expect(await outcomeOf(await passwordStep(user, US_TOO))).toBe(PASSWORD_ONLY);
    expect((await rememberedOf(user.id)).addresses).toEqual([US]);
    await choosePolicy(user, 'NEW_IP');
    expect(await outcomeOf(await passwordStep(user, US_TOO))).toBe('second-factor');
    expect(await outcomeOf(await passwordStep(user, US))).toBe(PASSWORD_ONLY);
  });

  it('keep an IPv6 address by its /64: one network is one remembered address', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    // Two sign-ins with a code, each from another address of one /64 (the device picked a new one).
    await signInWithCode(user, '2001:db8:1:2::1');
    await signInWithCode(user, '2001:db8:1:2:a:b:c:d');
    await choosePolicy(user, 'NEW_IP');

    expect((await rememberedOf(user.id)).addresses).toEqual([addressKey('2001:db8:1:2::1')]);
    expect(await outcomeOf(await passwordStep(user, '2001:db8:1:2:ffff::9'))).toBe(PASSWORD_ONLY);
    expect(await outcomeOf(await passwordStep(user, '2001:db8:1:3::1'))).toBe('second-factor');
  });

  it('are at most 20 of each kind, the least recently used going first', async () => {
    const brand = await brandOffering();
    const user = await createTestUser({ domain: brand.domain });
    const start = Date.now() - 60 * MINUTE_MS;
    const record = (ip: string, minute: number) =>
      prisma.$transaction((tx) => recordSignInLocation(tx, { userId: user.id, ip, secondFactorPassed: true, at: new Date(start + minute * MINUTE_MS) }));
    await record(JP, 0);
    const address = (n: number) => `10.77.0.${n}`;
    for (let n = 0; n < 20; n++) await record(address(n), n + 1);
    // The first address is used again: the second one is now the least recently used.
    await record(address(0), 30);
    await record(address(20), 31);

    const addresses = (await rememberedOf(user.id)).addresses;
    const newest = (await listRememberedLocations({ userId: user.id })).find((location) => location.label === address(20));
    expect(newest?.lastUsedAt).toEqual(new Date(start + 31 * MINUTE_MS));
    expect(MAX_LOCATIONS_PER_KIND).toBe(20);
    expect(addresses).toHaveLength(20);
    expect(addresses).toContain(address(0));
    expect(addresses).toContain(address(20));
    expect(addresses).not.toContain(address(1));
    // Addresses never push out countries.
    expect((await rememberedOf(user.id)).countries).toHaveLength(1);

    // Countries, likewise: 20 used in turn, the oldest goes when a 21st comes.
    const countries = ['AT', 'BE', 'CH', 'CZ', 'DK', 'ES', 'FI', 'GR', 'HU', 'IE', 'IT', 'LU', 'NL', 'NO', 'PL', 'PT', 'SE', 'SI', 'SK'];
    await prisma.rememberedLocation.createMany({
      data: countries.map((value, n) => ({ userId: user.id, kind: 'COUNTRY' as const, value, secondFactorAt: new Date(start), lastUsedAt: new Date(start + (n + 1) * MINUTE_MS) })),
    });
    await record(DE, 40);
    const rows = await prisma.rememberedLocation.findMany({ where: { userId: user.id, kind: 'COUNTRY' }, select: { value: true } });
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => row.value)).toContain('DE');
    // Japan was used at minute 0, before every other country.
    expect(rows.map((row) => row.value)).not.toContain('JP');
  });

  it('are what the support console shows of the mailbox, with when each was last used', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await signInWithCode(user, BR);
    await signInWithCode(user, '10.11.12.13');
    const listed = await listRememberedLocations({ userId: user.id });
    expect(listed.map((location) => location.label)).toEqual(expect.arrayContaining([BR, '10.11.12.13']));
    expect(listed.filter((location) => location.kind === 'COUNTRY').map((location) => location.label)).toEqual([expect.stringContaining('BR')]);
    for (const location of listed) expect(location.lastUsedAt).toBeInstanceOf(Date);

    const shown = await readMailboxSecurity({ actor: await brandSupportOf(brand.id), userId: user.id });
    expect(shown.locations).toEqual(listed);
  });
});

describe('forgetting a remembered location', () => {
  it('lets the owner forget one: the next sign-in from it asks again; another mailbox’s location is not found', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    await choosePolicy(user, 'NEW_IP');
    await signInWithCode(user, '10.44.0.1');
    await signInWithCode(user, '10.44.0.2');
    const forgotten = (await listRememberedLocations({ userId: user.id })).find((location) => location.label === '10.44.0.1');
    if (!forgotten) throw new Error('the address where a code was entered must be remembered');
    const stranger = await createTestUser({ withTotp: true, domain: brand.domain });
    await expectAppError(forgetLocation({ actor: await selfActorFor(stranger), userId: stranger.id, locationId: forgotten.id }), 'LOCATION_NOT_FOUND');
    await expectAppError(forgetLocation({ actor: await selfActorFor(stranger), userId: user.id, locationId: forgotten.id }), 'FORBIDDEN');

    await forgetLocation({ actor: await selfActorFor(user), userId: user.id, locationId: forgotten.id });

    expect((await rememberedOf(user.id)).addresses).toEqual(['10.44.0.2']);
    expect(await outcomeOf(await passwordStep(user, '10.44.0.1'))).toBe('second-factor');
    expect(await outcomeOf(await passwordStep(user, '10.44.0.2'))).toBe(PASSWORD_ONLY);
  });
});

describe('the new-country notice', () => {
  it('is sent once for each country a mailbox signs in from for the first time, also with the password alone; never for a private address', async () => {
    const brand = await brandOffering();
    const user = await createTestUser({ domain: brand.domain });
    expect(await outcomeOf(await passwordStep(user, US))).toBe(PASSWORD_ONLY);
    expect(await countNewCountryNotices(user.email)).toBe(1);
    const notice = await prisma.outboundMessage.findFirstOrThrow({ where: { to: user.email, subject: { contains: NEW_COUNTRY_SUBJECT } }, select: { body: true } });
    expect(notice.body).toContain('United States');
    expect(notice.body).toContain(US);

    for (const ip of [US_TOO, US, '10.1.2.3', '192.168.1.1', 'unknown']) await passwordStep(user, ip);
    expect(await countNewCountryNotices(user.email)).toBe(1);

    await passwordStep(user, DE);
    expect(await countNewCountryNotices(user.email)).toBe(2);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'sign_in.new_country' } })).toBe(2);
  });

  it('is sent when a sign-in with a code completes, to the mailbox and its alternate address, and not again when the country is remembered', async () => {
    const brand = await brandOffering();
    const user = await mfaMailbox(brand.domain);
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@elsewhere.example`);
    await choosePolicy(user, 'NEW_COUNTRY');
    expect(await outcomeOf(await passwordStep(user, JP))).toBe('second-factor');
    expect(await countNewCountryNotices(user.email)).toBe(0);

    await signInWithCode(user, JP);
    expect(await countNewCountryNotices(user.email)).toBe(1);
    expect(await countNewCountryNotices(alternate.address)).toBe(1);

    expect(await outcomeOf(await passwordStep(user, JP))).toBe(PASSWORD_ONLY);
    await choosePolicy(user, 'ALWAYS');
    await signInWithCode(user, JP);
    expect(await countNewCountryNotices(user.email)).toBe(1);
  });

  it('is sent once when two sign-ins from a new country happen at once', async () => {
    const brand = await brandOffering();
    const user = await createTestUser({ domain: brand.domain });
    const outcomes = await Promise.all([passwordStep(user, FR), passwordStep(user, FR), passwordStep(user, FR)]);
    expect(outcomes.map((outcome) => outcome.next)).toEqual(['signed-in', 'signed-in', 'signed-in']);
    expect(await countNewCountryNotices(user.email)).toBe(1);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'sign_in.new_country' } })).toBe(1);
    expect(await prisma.rememberedLocation.count({ where: { userId: user.id, kind: 'COUNTRY' } })).toBe(1);
  });
});
