import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { poolRefusal } from '@/lib/credits/pool-refusal';
import { prisma } from '@/lib/db/prisma';
import { findMailAccount } from '@/lib/mail-auth/find-mail-account';
import { getEffectivePolicy, layerPolicy } from '@/lib/policy/get-effective-policy';
import { accountScope, organisationScope, writePolicyLayer } from '@/lib/policy/policy-layer';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import { DEFAULT_POLICY } from '@/lib/policy/policy-settings';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';

// Policy is layered platform → brand → organisation → account by getEffectivePolicy, with the
// layer each setting came from; below the brand a layer only narrows. The organisation's own
// checkbox ("Allow SMS two-factor logins") is one of its settings, and the prompt and the debit
// ask one question of its pool (poolRefusal).

const nextNumber = phoneNumbers('364');
const env = envOverrides();
beforeEach(() => env.set({ ...OUTBOX_BASELINE, SMS_CREDIT_COST_CALL: '2' }));
afterAll(() => env.restore());

async function memberOf(options: Parameters<typeof createTestOrganisation>[0]) {
  const { organisation, members } = await createTestOrganisation(options);
  const [member] = members;
  if (!member) throw new Error('one member');
  return { organisation, member };
}

async function setLayer(scope: string, values: PolicyLayer) {
  await prisma.$transaction((tx) => writePolicyLayer(tx, scope, values));
}

describe('the organisation as a policy layer', () => {
  it('"Allow SMS two-factor logins" is read as the organisation\u2019s setting, on for a mailbox in no organisation', async () => {
    const outsider = await createTestUser();
    const outside = await getEffectivePolicy({ userId: outsider.id });
    expect([outside.settings.allowSmsLogins, outside.sources.allowSmsLogins]).toEqual([true, 'platform']);

    const { member } = await memberOf({ nextNumber, allowSmsLogins: false });
    const off = await getEffectivePolicy({ userId: member.id });
    expect([off.settings.allowSmsLogins, off.sources.allowSmsLogins]).toEqual([false, 'organisation']);

    const { member: allowed } = await memberOf({ nextNumber, allowSmsLogins: true });
    const on = await getEffectivePolicy({ userId: allowed.id });
    expect([on.settings.allowSmsLogins, on.sources.allowSmsLogins]).toEqual([true, 'organisation']);
  });

  it('an organisation\u2019s layer narrows what its brand allows and never loosens it', async () => {
    const { organisation, member } = await memberOf({ nextNumber });
    await setLayer(organisationScope(organisation.id), { allowAppPasswords: false, allowTwoFactor: false, requireTwoFactor: true, enrolmentDays: 3 });
    const effective = await getEffectivePolicy({ userId: member.id });
    expect(effective.settings).toMatchObject({ allowAppPasswords: false, allowTwoFactor: true, requireTwoFactor: true, enrolmentDays: 3 });
    expect(effective.sources).toMatchObject({ allowAppPasswords: 'organisation', allowTwoFactor: 'platform', requireTwoFactor: 'organisation', enrolmentDays: 'organisation' });
    // The brand's mailboxes outside the organisation keep the brand's settings.
    const outsider = await createTestUser();
    expect((await getEffectivePolicy({ userId: outsider.id })).settings.allowAppPasswords).toBe(DEFAULT_POLICY.allowAppPasswords);
  });

  it('what the platform lets brands loosen is for brands: an organisation or an account still only narrows', () => {
    const effective = layerPolicy([
      { layer: { allowDisable: false, brandsMayLoosen: ['allowDisable'] }, source: 'platform' },
      { layer: {}, source: 'brand' },
      { layer: { allowDisable: true }, source: 'organisation' },
      { layer: { allowDisable: true, allowSmsLogins: false }, source: 'account' },
    ]);
    expect([effective.settings.allowDisable, effective.sources.allowDisable]).toEqual([false, 'platform']);
    // The organisation's checkbox is set by organisations alone.
    expect([effective.settings.allowSmsLogins, effective.sources.allowSmsLogins]).toEqual([true, 'platform']);
    const byBrand = layerPolicy([
      { layer: { allowDisable: false, brandsMayLoosen: ['allowDisable'] }, source: 'platform' },
      { layer: { allowDisable: true, allowSmsLogins: false }, source: 'brand' },
    ]);
    expect([byBrand.settings.allowDisable, byBrand.sources.allowDisable]).toEqual([true, 'brand']);
    expect(byBrand.settings.allowSmsLogins).toBe(true);
  });

  it('an account\u2019s own layer comes last and narrows too', async () => {
    const user = await createTestUser();
    await setLayer(accountScope(user.id), { allowAppPasswords: false, allowTwoFactor: false });
    const effective = await getEffectivePolicy({ userId: user.id });
    expect([effective.settings.allowAppPasswords, effective.sources.allowAppPasswords]).toEqual([false, 'account']);
    expect([effective.settings.allowTwoFactor, effective.sources.allowTwoFactor]).toEqual([true, 'platform']);
  });

  it('a mail login reads the organisation\u2019s and the account\u2019s layers as getEffectivePolicy does', async () => {
    const { organisation, member } = await memberOf({ nextNumber });
    expect((await findMailAccount({ email: member.email }))?.areAppPasswordsAllowed).toBe(true);
    await setLayer(organisationScope(organisation.id), { allowAppPasswords: false });
    expect((await findMailAccount({ email: member.email }))?.areAppPasswordsAllowed).toBe(false);
    expect((await getEffectivePolicy({ userId: member.id })).settings.allowAppPasswords).toBe(false);

    const user = await createTestUser();
    await setLayer(accountScope(user.id), { allowAppPasswords: false, requireTwoFactor: true });
    const account = await findMailAccount({ email: user.email });
    expect([account?.areAppPasswordsAllowed, account?.mayRequireTwoFactor]).toEqual([false, true]);
  });
});

describe('the prompt and the debit ask the pool one question', () => {
  it('poolRefusal: a text costs 1, a call SMS_CREDIT_COST_CALL, nothing without the organisation\u2019s consent', () => {
    expect(poolRefusal({ allowSmsLogins: true, creditBalance: 1 }, 'SMS')).toBeNull();
    expect(poolRefusal({ allowSmsLogins: true, creditBalance: 1 }, 'VOICE')).toBe('empty');
    expect(poolRefusal({ allowSmsLogins: true, creditBalance: 2 }, 'VOICE')).toBeNull();
    expect(poolRefusal({ allowSmsLogins: false, creditBalance: 50 }, 'SMS')).toBe('not-allowed');
  });

  it('with 1 credit and a call costing 2, the prompt offers the text and no call, and a forged call is refused unpaid', async () => {
    const { organisation, member } = await memberOf({ nextNumber, credits: 1 });
    const request = testRequest();
    const login = await startSignIn(member, request);
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: member.id } });
    expect(options.organisationSms).toBeNull();
    expect(options.offered.map((option) => option.method)).toContain('sms');
    expect(options.offered.map((option) => option.method)).not.toContain('voice');
    await expectAppError(sendCode(login, member.phone, request, 'VOICE'), 'SMS_CREDITS_EMPTY');
    expect((await poolOf(organisation.id)).balance).toBe(1);
    await sendCode(login, member.phone, request, 'SMS');
    expect((await poolOf(organisation.id)).balance).toBe(0);
  });

  it('with 2 credits the prompt warns of nothing and the call is paid', async () => {
    const { organisation, member } = await memberOf({ nextNumber, credits: 2 });
    const request = testRequest();
    const login = await startSignIn(member, request);
    const options = await listSignInOptions({ pendingLogin: { id: login.id, userId: member.id } });
    expect(options.offered.map((option) => option.method)).toContain('voice');
    expect(options.organisationSms).toBeNull();
    await sendCode(login, member.phone, request, 'VOICE');
    expect((await poolOf(organisation.id)).balance).toBe(0);
  });
});
