import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { consoleActor } from '@/lib/core/console-actor';
import { grantRole } from '@/lib/access/grant-role';
import { staffActor } from '@/lib/core/staff-actor';
import { createBrand } from '@/lib/brands/create-brand';
import { deleteBrand } from '@/lib/brands/delete-brand';
import { listBrands } from '@/lib/brands/list-brands';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { prisma } from '@/lib/db/prisma';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { turnOffTwoFactor } from '@/lib/mfa/turn-off-two-factor';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { DEFAULT_POLICY, METHOD_POLICY_KEYS, type FloorKey } from '@/lib/policy/policy-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { createTestBrand } from '@/tests/support/brands';
import { totpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { inOwnDatabase } from '@/tests/support/own-database';
import { createTestUser, currentSessionFor, phoneNumbers, testRequest, TEST_PASSWORD } from '@/tests/support/users';

// Policy is shared state that every sign-in reads: like lib/policy/platform-policy.test.ts, this file
// works in a database of its own on the test server, so changing the platform's defaults here
// never reaches another file's tests.
const operator = consoleActor('vitest-operator');
const nextNumber = phoneNumbers('575');

inOwnDatabase('gh_brands');

const newBrand = () => createTestBrand();

async function brandStaff(brandId: string, role: 'BRAND_ADMIN' | 'BRAND_SUPPORT') {
  const user = await createTestUser({ withTotp: true, roles: [{ role, brandId }] });
  return staffActor(await currentSessionFor(user, { secondFactorAt: new Date() }), testRequest());
}

async function platformDefaults(changes: Parameters<typeof updatePlatformSettings>[0]['changes'], brandsMayLoosen: FloorKey[] = []) {
  await updatePlatformSettings({ actor: operator, changes: { ...DEFAULT_POLICY, ...changes }, brandsMayLoosen });
}

describe('which brand a mailbox belongs to', () => {
  it('is the brand owning its domain, else the platform default brand; a new brand takes the mailboxes already on its domain', async () => {
    const slug = `b-${randomUUID().slice(0, 8)}`;
    const early = await createTestUser({ domain: `${slug}.example` });
    const defaultBrand = await prisma.brand.findUniqueOrThrow({ where: { slug: 'default' }, select: { id: true } });
    expect(early.brandId).toBe(defaultBrand.id);

    const brand = await createBrand({ actor: operator, brand: { name: 'Acme Mail', slug, domains: [`${slug}.example`], hosts: [`account.${slug}.example`] } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: early.id }, select: { brandId: true } })).brandId).toBe(brand.id);
    const later = await createTestUser({ domain: `${slug}.example` });
    expect(later.brandId).toBe(brand.id);
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'brand.created', detail: { path: ['slug'], equals: slug } } });
    expect(row).toMatchObject({ actorKind: 'CONSOLE', operator: 'vitest-operator' });
  });

  it('refuses a taken slug, a domain another brand owns, an empty name, and saves nothing', async () => {
    const taken = await newBrand();
    await expectAppError(createBrand({ actor: operator, brand: { name: 'Again', slug: taken.slug, domains: ['fresh-one.example'] } }), 'BRAND_SLUG_TAKEN');
    await expectAppError(createBrand({ actor: operator, brand: { name: 'Thief', slug: 'thief-brand', domains: [taken.domain] } }), 'BRAND_DOMAIN_TAKEN');
    const empty = await expectAppError(createBrand({ actor: operator, brand: { name: ' ', slug: 'empty-name', domains: ['x-empty.example'] } }), 'INVALID_INPUT');
    expect(empty.fieldErrors?.name).toBeDefined();
    const bad = await expectAppError(createBrand({ actor: operator, brand: { name: 'Bad', slug: 'Bad Slug!', domains: ['not a domain'] } }), 'INVALID_INPUT');
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['domains', 'slug']);
    expect(await prisma.brand.count({ where: { slug: { in: ['thief-brand', 'empty-name'] } } })).toBe(0);
  });
});

describe('deleting a brand', () => {
  it('is refused while it has mailboxes, and removes an empty brand with its settings', async () => {
    const brand = await createTestBrand({ allowDisable: false });
    const user = await createTestUser({ domain: brand.domain });
    await expectAppError(deleteBrand({ actor: operator, brandId: brand.id }), 'BRAND_HAS_MAILBOXES');
    expect(await prisma.brand.count({ where: { id: brand.id } })).toBe(1);
    await prisma.user.delete({ where: { id: user.id } });
    await deleteBrand({ actor: operator, brandId: brand.id });
    expect(await prisma.brand.count({ where: { id: brand.id } })).toBe(0);
    expect(await prisma.scopePolicy.count({ where: { scope: `brand:${brand.id}` } })).toBe(0);
    const platformBrand = await prisma.brand.findUniqueOrThrow({ where: { slug: 'default' }, select: { id: true } });
    await expectAppError(deleteBrand({ actor: operator, brandId: platformBrand.id }), 'BRAND_HAS_MAILBOXES');
  });
});

describe('the policy in force for a brand’s mailbox', () => {
  it('follows the platform for every setting the brand leaves alone, and says so', async () => {
    const brand = await newBrand();
    await platformDefaults({ smsAvailable: false, allowDisable: false });
    const user = await createTestUser({ domain: brand.domain });
    const effective = await getEffectivePolicy({ userId: user.id });
    expect(effective.settings).toEqual({ ...DEFAULT_POLICY, smsAvailable: false, allowDisable: false });
    expect(new Set(Object.values(effective.sources))).toEqual(new Set(['platform']));
    await platformDefaults({});
  });

  // Issue 17: the security switches are floors; with "Brands may loosen this" ticked for a switch,
  // the brand's value is taken either way, as before.
  it('takes the brand’s value for every combination of platform default and brand override, where the platform lets brands loosen it', async () => {
    const brand = await newBrand();
    const user = await createTestUser({ domain: brand.domain });
    const switches: FloorKey[] = ['allowTwoFactor', 'allowDisable', 'allowAppPasswords', 'requireTwoFactor'];
    for (const key of switches) {
      for (const platform of [true, false]) {
        for (const override of [null, true, false]) {
          await platformDefaults({ [key]: platform }, [key]);
          await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { [key]: override } });
          const effective = await getEffectivePolicy({ userId: user.id });
          expect({ key, platform, override, value: effective.settings[key], source: effective.sources[key] }).toEqual({
            key,
            platform,
            override,
            value: override ?? platform,
            source: override === null ? 'platform' : 'brand',
          });
        }
      }
      await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { [key]: null } });
    }
    await platformDefaults({});
  });

  it('narrows the platform’s methods but never widens them', async () => {
    const brand = await newBrand();
    const user = await createTestUser({ domain: brand.domain });
    for (const key of METHOD_POLICY_KEYS) {
      for (const platform of [true, false]) {
        for (const override of [null, true, false]) {
          // Keep the authenticator app on at the platform while voice is tested, and the other way round.
          await platformDefaults({ [key]: platform, ...(key === 'totpAvailable' ? { voiceAvailable: true } : {}) });
          await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { [key]: override } });
          const value = (await getEffectivePolicy({ userId: user.id })).settings[key];
          expect({ key, platform, override, value }).toEqual({ key, platform, override, value: platform && override !== false });
        }
      }
      await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { [key]: null } });
    }
    await platformDefaults({});
  });

  // Issue 17 decided the open question: a brand keeps its "app passwords on" under a platform that
  // turned them off only when the platform lets brands loosen that switch.
  it('reaches every brand that did not override a default when the platform changes it, and a looser override only where brands may loosen it', async () => {
    const [follower, overrider] = [await newBrand(), await newBrand()];
    await updateBrandSettings({ actor: operator, brandId: overrider.id, changes: { allowAppPasswords: true } });
    await platformDefaults({ allowAppPasswords: false });
    expect((await getEffectivePolicy({ brandId: follower.id })).settings.allowAppPasswords).toBe(false);
    expect((await getEffectivePolicy({ brandId: overrider.id })).settings.allowAppPasswords).toBe(false);
    await platformDefaults({ allowAppPasswords: false }, ['allowAppPasswords']);
    expect((await getEffectivePolicy({ brandId: follower.id })).settings.allowAppPasswords).toBe(false);
    expect((await getEffectivePolicy({ brandId: overrider.id })).settings.allowAppPasswords).toBe(true);
    await platformDefaults({});
  });

  it('refuses bad values and saves nothing', async () => {
    const brand = await newBrand();
    const error = await expectAppError(updateBrandSettings({ actor: operator, brandId: brand.id, changes: { enrolmentDays: -3, enforceFrom: '2026-13-45' } }), 'INVALID_INPUT');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['enforceFrom', 'enrolmentDays']);
    expect(await prisma.scopePolicy.count({ where: { scope: `brand:${brand.id}` } })).toBe(0);
  });
});

describe('a brand’s staff', () => {
  it('change their own brand’s settings, audited, and are refused another brand’s, the refusal audited too', async () => {
    const [acme, globex] = [await newBrand(), await newBrand()];
    const acmeAdmin = await brandStaff(acme.id, 'BRAND_ADMIN');
    await updateBrandSettings({ actor: acmeAdmin, brandId: acme.id, changes: { allowDisable: false } });
    const changed = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'brand.settings_changed', actorId: acmeAdmin.current.user.id } });
    expect(changed.detail).toEqual({ brandId: acme.id, changed: { allowDisable: false } });

    await expectAppError(updateBrandSettings({ actor: acmeAdmin, brandId: globex.id, changes: { allowDisable: false } }), 'FORBIDDEN');
    expect((await getEffectivePolicy({ brandId: globex.id })).settings.allowDisable).toBe(true);
    const refused = await prisma.auditEvent.findFirstOrThrow({ where: { type: 'access.refused', actorId: acmeAdmin.current.user.id } });
    expect(refused.detail).toEqual({ action: 'brand_settings.change', brandId: globex.id });
  });

  it('are refused every staff action on another brand’s mailbox, and support may not change settings', async () => {
    const [acme, globex] = [await newBrand(), await newBrand()];
    const globexUser = await createTestUser({ withTotp: true, domain: globex.domain });
    for (const role of ['BRAND_ADMIN', 'BRAND_SUPPORT'] as const) {
      const staff = await brandStaff(acme.id, role);
      await expectAppError(unlockSignIn({ actor: staff, userId: globexUser.id, reason: 'Ticket 7' }), 'FORBIDDEN');
      await expectAppError(startPhoneVerification({ actor: staff, userId: globexUser.id, number: nextNumber(), country: 'US', channel: 'SMS' }), 'FORBIDDEN');
      expect(await listBrands({ actor: staff })).toEqual(role === 'BRAND_ADMIN' ? [expect.objectContaining({ id: acme.id })] : []);
    }
    const acmeSupport = await brandStaff(acme.id, 'BRAND_SUPPORT');
    await expectAppError(updateBrandSettings({ actor: acmeSupport, brandId: acme.id, changes: { allowDisable: false } }), 'FORBIDDEN');
    const acmeUser = await createTestUser({ domain: acme.domain });
    await unlockSignIn({ actor: acmeSupport, userId: acmeUser.id, reason: 'Ticket 8' });
    expect(await prisma.auditEvent.count({ where: { userId: globexUser.id, type: 'access.refused' } })).toBe(4);
  });

  it('are granted roles only by the platform, each brand role with its brand', async () => {
    const acme = await newBrand();
    const user = await createTestUser();
    await expectAppError(grantRole({ actor: operator, userId: user.id, role: 'BRAND_ADMIN', brandId: null }), 'ROLE_NEEDS_BRAND');
    await expectAppError(grantRole({ actor: operator, userId: user.id, role: 'PLATFORM_ADMIN', brandId: acme.id }), 'ROLE_TAKES_NO_BRAND');
    const acmeAdmin = await brandStaff(acme.id, 'BRAND_ADMIN');
    await expectAppError(grantRole({ actor: acmeAdmin, userId: user.id, role: 'BRAND_SUPPORT', brandId: acme.id }), 'FORBIDDEN');
    await grantRole({ actor: operator, userId: user.id, role: 'BRAND_SUPPORT', brandId: acme.id });
    await grantRole({ actor: operator, userId: user.id, role: 'BRAND_SUPPORT', brandId: acme.id });
    expect(await prisma.roleGrant.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe('what a brand’s settings let its mailboxes do', () => {
  // Issue 17: "Allow two-factor auth" is a floor like the other switches (off is the looser side);
  // a brand turns it off only where the platform lets brands loosen it.
  it('without "Allow two-factor auth", nobody starts the wizard or adds a phone, but an enrolled user keeps being asked and may turn it off', async () => {
    const brand = await newBrand();
    await expectAppError(updateBrandSettings({ actor: operator, brandId: brand.id, changes: { allowTwoFactor: false } }), 'HELD_BY_PLATFORM');
    await platformDefaults({}, ['allowTwoFactor']);
    await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { allowTwoFactor: false } });
    const newcomer = await createTestUser({ domain: brand.domain });
    const actor = selfActor(await currentSessionFor(newcomer, { secondFactorAt: null }), testRequest());
    await expectAppError(startTotpEnrolment({ actor, userId: newcomer.id }), 'TWO_FACTOR_NOT_OFFERED');
    await expectAppError(startPhoneVerification({ actor, userId: newcomer.id, number: nextNumber(), country: 'US', channel: 'SMS' }), 'TWO_FACTOR_NOT_OFFERED');
    expect(await prisma.totpCredential.count({ where: { userId: newcomer.id } })).toBe(0);

    const enrolled = await createTestUser({ withTotp: true, domain: brand.domain });
    const enrolledActor = selfActor(await currentSessionFor(enrolled, { secondFactorAt: new Date() }), testRequest());
    await turnOffTwoFactor({ actor: enrolledActor, userId: enrolled.id, password: TEST_PASSWORD, code: totpCode(enrolled.totpSecret as string) });
    expect(await prisma.totpCredential.count({ where: { userId: enrolled.id } })).toBe(0);
    await platformDefaults({});
  });

  it('without "Allow users to disable 2FA", or while 2FA is required, Disable is refused and nothing changes; another brand’s user still may', async () => {
    const [strict, relaxed] = [await newBrand(), await newBrand()];
    await updateBrandSettings({ actor: operator, brandId: strict.id, changes: { allowDisable: false } });
    for (const setting of [{ allowDisable: false }, { allowDisable: null, requireTwoFactor: true }]) {
      await updateBrandSettings({ actor: operator, brandId: strict.id, changes: setting });
      const user = await createTestUser({ withTotp: true, domain: strict.domain });
      const actor = selfActor(await currentSessionFor(user, { secondFactorAt: new Date() }), testRequest());
      await expectAppError(
        turnOffTwoFactor({ actor, userId: user.id, password: TEST_PASSWORD, code: ZSecondFactorCodeSchema.parse(user.backupCodes[0]) }),
        'DISABLE_NOT_ALLOWED',
      );
      expect(await prisma.totpCredential.count({ where: { userId: user.id } })).toBe(1);
      expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    }
    const other = await createTestUser({ withTotp: true, domain: relaxed.domain });
    const otherActor = selfActor(await currentSessionFor(other, { secondFactorAt: new Date() }), testRequest());
    await turnOffTwoFactor({ actor: otherActor, userId: other.id, password: TEST_PASSWORD, code: ZSecondFactorCodeSchema.parse(other.backupCodes[0]) });
    expect(await prisma.totpCredential.count({ where: { userId: other.id } })).toBe(0);
  });
});
