import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { consoleActor } from '@/lib/core/console-actor';
import { reserveSmsCredits } from '@/lib/credits/reserve-sms-credits';
import { updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { prisma } from '@/lib/db/prisma';
import { removeMember } from '@/lib/organisations/change-membership';
import { resetMemberTwoFactor } from '@/lib/organisations/reset-member-two-factor';
import { updateOrganisationPreferences } from '@/lib/organisations/update-organisation-preferences';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createTestBrand } from '@/tests/support/brands';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { readSentCode } from '@/tests/support/outbox';
import { inOwnDatabase } from '@/tests/support/own-database';
import { addConfirmedAlternateEmail, createTestUser, phoneNumbers, selfActorFor, testRequest } from '@/tests/support/users';

/** The list's entry, which the test made: an Error, not a silent undefined, if it did not. */
function the<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the test world lacks an entry');
  return value;
}


// A mailbox that signs in only with a phone's codes must never be made to pay from an empty pool
// (updateBrandCredits), nor lose SMS logins (updateOrganisationPreferences), by a change that raced
// its phone (confirmPhone asks the adding rule again) or left it out of the count. The platform's
// settings change here: its own database, so no other file sees it.

inOwnDatabase('gh_phone_only_lockouts');
const nextNumber = phoneNumbers('531');
const env = envOverrides();
const operator = consoleActor('vitest-operator');
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

async function brandTextsPaidBy(brandId: string) {
  return (await prisma.brand.findUniqueOrThrow({ where: { id: brandId }, select: { textsPaidBy: true } })).textsPaidBy;
}

describe('phone-only mailboxes are never locked out', () => {
  const visitor = () => ({ kind: 'visitor' as const, request: testRequest() });
  /** A brand whose codes may stand alone (the platform lets them, in this file's database, until the test ends). */
  async function codesAloneBrand() {
    await updatePlatformSettings({ actor: operator, changes: { codesMayStandAlone: true } });
    return createTestBrand({ codesMayStandAlone: true });
  }
  afterEach(async () => {
    await updatePlatformSettings({ actor: operator, changes: { codesMayStandAlone: false } });
  });
  /** The owner adds a phone through the real two steps; `between` runs after the code is sent. */
  async function addPhoneByVerbs(user: { id: string }, between: () => Promise<void> = async () => {}) {
    const number = nextNumber();
    const actor = await selfActorFor(user, { secondFactorAt: null });
    await startPhoneVerification({ actor, userId: user.id, country: 'US', number: number.replace(/^\+1/, ''), channel: 'SMS' });
    const code = await readSentCode(number, 'SMS');
    await between();
    return confirmPhone({ actor, userId: user.id, code });
  }
  /** A business member whose administrator reset its 2FA, re-enrolled with only a phone (the brand lets codes stand alone). */
  async function phoneOnlyMember() {
    const brand = await codesAloneBrand();
    const { organisation, admin, members } = await createTestOrganisation({ nextNumber, kind: 'BUSINESS', credits: 50, domain: brand.domain });
    const member = the(members[0]);
    await prisma.phone.deleteMany({ where: { userId: member.id } });
    await resetMemberTwoFactor({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id, reason: 'lost phone' });
    await addPhoneByVerbs(member);
    expect(await prisma.totpCredential.count({ where: { userId: member.id } })).toBe(0);
    return { brand, organisation, admin, member };
  }

  it('a phone whose code was sent before the brand narrowed codes to a backup is refused when the code comes back, with the adding step\u2019s answer', async () => {
    const brand = await codesAloneBrand();
    const mailbox = await createTestUser({ domain: brand.domain });
    await expectAppError(
      addPhoneByVerbs(mailbox, async () => {
        await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { codesMayStandAlone: false } });
        await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
      }),
      'AUTHENTICATOR_REQUIRED',
    );
    expect(await prisma.phone.count({ where: { userId: mailbox.id } })).toBe(0);
  });

  it('members who hold only a phone are counted when the brand would let mailboxes pay: removed, they would pay for themselves', async () => {
    const { brand, organisation, admin, member } = await phoneOnlyMember();
    await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { codesMayStandAlone: false } });
    const refusal = await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' }).then(
      () => null,
      (error: { code?: string; fieldErrors?: Record<string, string[]> }) => error,
    );
    expect(refusal?.code).toBe('TEXTS_PAYER_WOULD_LOCK_OUT');
    expect(refusal?.fieldErrors?.textsPaidBy?.[0]).toMatch(/^1 mailbox has a backup phone as its only second factor/);
    expect(await brandTextsPaidBy(brand.id)).toBe('PLATFORM');
    // Removed, it still signs in by text, paid by the platform.
    await removeMember({ actor: await selfActorFor(admin), organisationId: organisation.id, userId: member.id });
    await reserveSmsCredits({ actor: visitor(), userId: member.id, channel: 'SMS' });
  });

  it('an organisation cannot turn SMS logins off while members hold only a phone: how many, never which, nothing changed', async () => {
    const { organisation, admin, member } = await phoneOnlyMember();
    const refusal = await updateOrganisationPreferences({ actor: await selfActorFor(admin), organisationId: organisation.id, allowSmsLogins: false }).then(
      () => null,
      (error: { code?: string; fieldErrors?: Record<string, string[]> }) => error,
    );
    expect(refusal?.code).toBe('SMS_LOGINS_NEEDED_BY_MEMBERS');
    expect(refusal?.fieldErrors?.allowSmsLogins?.[0]).toMatch(/^1 member has only a text or call code/);
    expect(JSON.stringify(refusal)).not.toContain(member.email);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id }, select: { allowSmsLogins: true } })).allowSmsLogins).toBe(true);
    await reserveSmsCredits({ actor: visitor(), userId: member.id, channel: 'SMS' });
    // Once it holds another method, SMS logins may go.
    await addConfirmedAlternateEmail(member.id, `alt-${member.id}@elsewhere.example`);
    await updateOrganisationPreferences({ actor: await selfActorFor(admin), organisationId: organisation.id, allowSmsLogins: false });
  });

  it('REFUSED: once codes may not stand alone, a phone verification is not even started for a mailbox without an authenticator', async () => {
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: operator, brandId: brand.id, textsPaidBy: 'MAILBOX' });
    const mailbox = await createTestUser({ domain: brand.domain });
    await expectAppError(
      startPhoneVerification({ actor: await selfActorFor(mailbox, { secondFactorAt: null }), userId: mailbox.id, country: 'US', number: nextNumber().replace(/^\+1/, ''), channel: 'SMS' }),
      'AUTHENTICATOR_REQUIRED',
    );
  });
});
