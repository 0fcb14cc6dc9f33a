import { selfActorFor } from '@/tests/support/users';
import { selfActor } from '@/lib/core/actor';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REAUTH_WINDOW_MS } from '@/lib/mfa/confirm-recent-second-factor';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { createBrand } from '@/lib/brands/create-brand';
import { prisma } from '@/lib/db/prisma';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { MAX_ATTEMPTS_PER_CODE } from '@/lib/core/factor-kinds/codes/one-time-code';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { listPhones } from '@/lib/phones/list-phones';
import { removePhone } from '@/lib/phones/remove-phone';
import { newBackupCodeSet, replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { otherThan } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { endWait, hasAllowanceRow } from '@/tests/support/limits';
import { countMessagesTo, readSentCode } from '@/tests/support/outbox';
import { startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, addConfirmedPhone, createMfaUser, createTestUser, currentSessionFor, phoneNumbers, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// Backup phones (SECURITY.md "SMS, voice and e-mail codes", "Account changes"): a number is saved
// only once the code sent to it comes back; adding or removing one needs a recent second factor,
// is audited with the number masked and announced by e-mail; the last factor cannot be removed.
// The platform policy is left at its defaults here (lib/policy/platform-policy.test.ts changes it).

const nextNumber = phoneNumbers('617');
const env = envOverrides();

beforeAll(() => env.set(OUTBOX_BASELINE));
beforeEach(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

/** "+16175550123" -> "(617) 555-0123", the way a person types it with the US picked. */
function asTyped(number: string): string {
  return `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
}

function masked(number: string): string {
  return `+161••••••${number.slice(-2)}`;
}

async function auditOf(userId: string, type: string) {
  return prisma.auditEvent.findMany({ where: { userId, type }, select: { detail: true, ip: true } });
}

/** Every audit detail of the user, as one string: full numbers must never appear in it. */
async function allAuditDetails(userId: string): Promise<string> {
  return JSON.stringify(await prisma.auditEvent.findMany({ where: { userId }, select: { detail: true } }));
}

async function noticesTo(email: string) {
  return prisma.outboundMessage.findMany({
    where: { to: email },
    orderBy: { createdAt: 'asc' },
    select: { subject: true, body: true, status: true },
  });
}

describe('adding a backup phone', () => {
  it('saves the number only after the right code: a wrong code saves nothing', async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();
    const number = nextNumber();

    const issued = await startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number: asTyped(number), channel: 'SMS', code: null });
    expect(issued).toMatchObject({ channel: 'SMS', destination: number });
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);
    const pending = await prisma.oneTimeCode.findFirstOrThrow({ where: { userId: user.id }, select: { purpose: true, pendingLoginId: true, countryCode: true } });
    expect(pending).toEqual({ purpose: 'VERIFY_PHONE', pendingLoginId: null, countryCode: 'US' });
    const code = await readSentCode(number, 'SMS');

    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code: otherThan(code) })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditOf(user.id, 'phone.added')).toEqual([]);
    expect(await noticesTo(user.email)).toEqual([]);
    expect(await countFailures(`verify-phone:${user.id}`)).toBe(1);

    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code })).resolves.toEqual({ number });
    const phones = await prisma.phone.findMany({ where: { userId: user.id }, select: { number: true, countryCode: true } });
    expect(phones).toEqual([{ number, countryCode: 'US' }]);
    expect(await countFailures(`verify-phone:${user.id}`)).toBe(0);
    expect((await listPhones({ userId: user.id })).map((phone) => phone.masked)).toEqual([masked(number)]);

    expect(await auditOf(user.id, 'phone.added')).toEqual([{ detail: { number: masked(number) }, ip: request.ip }]);
    const [notice] = await noticesTo(user.email);
    expect(notice).toMatchObject({ subject: 'Gatehouse: A sign-in method was added', status: 'STORED' });
    expect(notice?.body).toContain(`The backup phone ${masked(number)} was added to your account`);
    expect(notice?.body).toContain('If it was not you');
    expect(notice?.body).not.toContain(number.slice(2));
    expect(await allAuditDetails(user.id)).not.toContain(number.slice(2));

    // The code is spent: it adds nothing a second time.
    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code })).rejects.toMatchObject({ code: 'SENT_CODE_NOT_FOUND' });
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(1);
  });

  it('a code allows five wrong tries; after them even the right code adds nothing', async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();
    const number = nextNumber();
    await startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number, channel: 'SMS', code: null });
    const code = await readSentCode(number, 'SMS');

    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_CODE; attempt++) {
      await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code: otherThan(code) })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    // From the fifth failure on, the account waits a little before its next try (2 s here): let it pass.
    await endWait(`verify-phone:${user.id}`);
    const refusal = await refusalOf(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code }));
    expect(refusal.code).toBe('SENT_CODE_TRIES_USED');
    expect(refusal.userMessage).toMatch(/Too many wrong tries for this code/);
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);
  });

  it('by call: the code read out confirms the number', async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();
    const number = nextNumber();

    await startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number, channel: 'VOICE', code: null });
    const code = await readSentCode(number, 'VOICE');
    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code })).resolves.toEqual({ number });
    const [row] = await prisma.oneTimeCode.findMany({ where: { userId: user.id }, select: { consumedAt: true, sealedCode: true } });
    expect(row?.consumedAt).toBeInstanceOf(Date);
    expect(row?.sealedCode).toBeNull();
  });

  it("a new number replaces the one being verified: the first number's code adds nothing", async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();
    const [first, second] = [nextNumber(), nextNumber()];

    await startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number: first, channel: 'SMS', code: null });
    const firstCode = await readSentCode(first, 'SMS');
    let secondCode = firstCode;
    // Two equal codes are a one-in-a-million draw; ask again until they differ.
    while (secondCode === firstCode) {
      await startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number: second, channel: 'SMS', code: null });
      secondCode = await readSentCode(second, 'SMS');
    }

    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code: firstCode })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);
    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code: secondCode })).resolves.toEqual({ number: second });
    expect(await prisma.phone.findMany({ where: { userId: user.id }, select: { number: true } })).toEqual([{ number: second }]);
  });

  it('a code sent for a sign-in does not confirm a new number', async () => {
    const user = await createMfaUser();
    const signInPhone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();
    const login = await startSignIn(user, request);
    await sendSignInCode({ pendingLoginToken: login.token, target: { channel: 'SMS', phoneId: signInPhone.id }, request });
    const signInCode = await readSentCode(signInPhone.number, 'SMS');

    await expect(confirmPhone({ actor: await selfActorFor(user, { request: request }), userId: user.id, code: signInCode })).rejects.toMatchObject({ code: 'SENT_CODE_NOT_FOUND' });
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(1);
  });

  it.each([
    ['too short', 'US', '555-0132'],
    ['too long', 'US', '(617) 555-0132 1234'],
    ['not a number at all', 'US', 'call me maybe'],
    ['impossible in the country picked', 'US', '(011) 555-0132'],
    ['empty', 'US', '   '],
  ])('a number that is %s is refused with its own reason beside the field, and nothing is sent', async (_what, country, number) => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();

    const refusal = await refusalOf(startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country, number, channel: 'SMS', code: null }));
    expect(refusal.code).toMatch(/^PHONE_/);
    expect(refusal.fieldErrors?.number).toEqual([refusal.userMessage]);
    expect(refusal.userMessage).not.toBe('');

    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await hasAllowanceRow('send-account', user.id)).toBe(false);
    expect(await hasAllowanceRow('send-ip', request.ip)).toBe(false);
  });

  it('a number already on the account is refused with PHONE_ALREADY_ADDED, and nothing is sent', async () => {
    const user = await createMfaUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();

    const refusal = await refusalOf(
      startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number: asTyped(phone.number), channel: 'SMS', code: null }),
    );
    expect(refusal.code).toBe('PHONE_ALREADY_ADDED');
    expect(refusal.fieldErrors?.number).toBeDefined();
    expect(await countMessagesTo(phone.number)).toBe(0);
  });

  it('needs a recent second factor: without a code nothing is sent; with a backup code it goes ahead', async () => {
    const user = await createMfaUser();
    const stale = new Date(Date.now() - REAUTH_WINDOW_MS - 60_000);
    for (const secondFactorAt of [null, stale]) {
      const current = await currentSessionFor(user, { secondFactorAt });
      const number = nextNumber();
      const request = testRequest();

      const refusal = await refusalOf(startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number, channel: 'SMS', code: null }));
      expect(refusal.code).toBe('REAUTH_REQUIRED');
      expect(refusal.fieldErrors?.code).toBeDefined();
      expect(await countMessagesTo(number)).toBe(0);
      expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(0);
    }

    const current = await currentSessionFor(user, { secondFactorAt: null });
    const number = nextNumber();
    const code = ZSecondFactorCodeSchema.parse(user.firstBackupCode);
    await startPhoneVerification({ actor: selfActor(current, testRequest()), userId: current.user.id, country: 'US', number, channel: 'SMS', code });
    expect(await countMessagesTo(number)).toBe(1);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: current.session.id }, select: { secondFactorAt: true } });
    expect(session.secondFactorAt).toBeInstanceOf(Date);
  });

  it('with codes not allowed to stand alone (the default), a user without an authenticator app gets AUTHENTICATOR_REQUIRED', async () => {
    expect((await getEffectivePolicy('platform')).settings.codesMayStandAlone).toBe(false);
    const user = await createTestUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const request = testRequest();
    const number = nextNumber();

    for (const channel of ['SMS', 'VOICE'] as const) {
      await expect(
        startPhoneVerification({ actor: selfActor(current, request), userId: current.user.id, country: 'US', number, channel, code: null }),
      ).rejects.toMatchObject({ code: 'AUTHENTICATOR_REQUIRED' });
    }
    await expect(
      startAlternateEmailVerification({ actor: selfActor(current, request), userId: current.user.id, address: `alt-${randomUUID()}@example.test`, code: null }),
    ).rejects.toMatchObject({ code: 'AUTHENTICATOR_REQUIRED' });

    expect(await countMessagesTo(number)).toBe(0);
    expect(await prisma.oneTimeCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await hasAllowanceRow('send-account', user.id)).toBe(false);
  });
});

describe('removing a backup phone', () => {
  it('needs a recent second factor (REAUTH_REQUIRED without one), then removes it, audited and announced', async () => {
    const user = await createMfaUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();

    for (const secondFactorAt of [null, new Date(Date.now() - REAUTH_WINDOW_MS - 60_000)]) {
      const current = await currentSessionFor(user, { secondFactorAt });
      const refusal = await refusalOf(removePhone({ actor: selfActor(current, request), userId: current.user.id, phoneId: phone.id, code: null }));
      expect(refusal.code).toBe('REAUTH_REQUIRED');
    }
    expect(await prisma.phone.count({ where: { id: phone.id } })).toBe(1);
    expect(await auditOf(user.id, 'phone.removed')).toEqual([]);

    // A wrong code changes nothing either.
    const current = await currentSessionFor(user, { secondFactorAt: null });
    await expect(
      removePhone({ actor: selfActor(current, request), userId: current.user.id, phoneId: phone.id, code: ZSecondFactorCodeSchema.parse('aaaa-bbbb-cccc-dddd') }),
    ).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect(await prisma.phone.count({ where: { id: phone.id } })).toBe(1);

    await removePhone({ actor: selfActor(current, request), userId: current.user.id, phoneId: phone.id, code: ZSecondFactorCodeSchema.parse(user.firstBackupCode) });
    expect(await prisma.phone.count({ where: { id: phone.id } })).toBe(0);
    expect(await auditOf(user.id, 'phone.removed')).toEqual([{ detail: { number: masked(phone.number) }, ip: request.ip }]);
    const [notice] = await noticesTo(user.email);
    expect(notice).toMatchObject({ subject: 'Gatehouse: A sign-in method was removed', status: 'STORED' });
    expect(notice?.body).toContain(`The backup phone ${masked(phone.number)} was removed from your account`);
    expect(await allAuditDetails(user.id)).not.toContain(phone.number.slice(2));
  });

  it('announces the removal to the confirmed alternate address too, naming the brand’s support contact', async () => {
    // Before the one account-change frame, a removal e-mailed the mailbox alone and said only
    // "contact support": whoever took the mailbox over could remove a phone unseen.
    const slug = `ph-${randomUUID().slice(0, 8)}`;
    const brand = await createBrand({ actor: TEST_CONSOLE, brand: { name: `Brand ${slug}`, slug, domains: [`${slug}.example`], supportContact: `help@${slug}.example` } });
    const user = await createTestUser({ withTotp: true, domain: `${slug}.example` });
    expect(user.brandId).toBe(brand.id);
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@elsewhere.example`);
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });

    await removePhone({ actor: selfActor(current, testRequest()), userId: current.user.id, phoneId: phone.id, code: null });
    for (const to of [user.email, alternate.address]) {
      const [notice] = await noticesTo(to);
      // The brand's e-mail, in its name (issue 21), to the alternate address as to the mailbox.
      expect(notice?.subject).toBe(`Brand ${slug}: A sign-in method was removed`);
      expect(notice?.body).toContain(`The backup phone ${masked(phone.number)} was removed from your account`);
      expect(notice?.body).toContain(`contact Brand ${slug} support (help@${slug}.example)`);
    }
  });

  it('refuses to remove the last second factor of a phone-only user (LAST_FACTOR) and changes nothing', async () => {
    const user = await createTestUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    expect(current.user).toMatchObject({ isMfaEnabled: true, hasAuthenticatorApp: false });
    const request = testRequest();

    const refusal = await refusalOf(removePhone({ actor: selfActor(current, request), userId: current.user.id, phoneId: phone.id, code: null }));
    expect(refusal.code).toBe('LAST_FACTOR');
    expect(refusal.userMessage).toMatch(/turn off two-factor authentication instead/);

    expect(await prisma.phone.count({ where: { id: phone.id } })).toBe(1);
    expect(await auditOf(user.id, 'phone.removed')).toEqual([]);
    expect(await noticesTo(user.email)).toEqual([]);
  });

  it('refuses the last factor before re-authentication, so the backup code typed to prove it is not spent', async () => {
    const user = await createTestUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    // Backup codes alone do not turn two-factor on: the phone is still this account's last factor.
    const set = await newBackupCodeSet();
    const [backupCode] = await prisma.$transaction((tx) => replaceBackupCodes(tx, { userId: user.id, set }));
    const current = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - REAUTH_WINDOW_MS - 60_000) });

    const refusal = await refusalOf(
      removePhone({ actor: selfActor(current, testRequest()), userId: current.user.id, phoneId: phone.id, code: ZSecondFactorCodeSchema.parse(backupCode) }),
    );
    expect(refusal.code).toBe('LAST_FACTOR');
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
    expect(await prisma.phone.count({ where: { id: phone.id } })).toBe(1);
  });

  it('a phone-only user with two phones may remove one of them', async () => {
    const user = await createTestUser();
    const [kept, removed] = [await addConfirmedPhone(user.id, nextNumber()), await addConfirmedPhone(user.id, nextNumber())];
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });

    await removePhone({ actor: selfActor(current, testRequest()), userId: current.user.id, phoneId: removed.id, code: null });
    expect(await prisma.phone.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: kept.id }]);
  });

  it("cannot remove another user's phone", async () => {
    const user = await createMfaUser();
    const someoneElse = await createMfaUser();
    const theirPhone = await addConfirmedPhone(someoneElse.id, nextNumber());
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });

    await expect(removePhone({ actor: selfActor(current, testRequest()), userId: current.user.id, phoneId: theirPhone.id, code: null })).rejects.toMatchObject({
      code: 'PHONE_NOT_FOUND',
    });
    expect(await prisma.phone.count({ where: { id: theirPhone.id } })).toBe(1);
    expect(await auditOf(someoneElse.id, 'phone.removed')).toEqual([]);
  });
});
