import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '@/lib/access/grant-role';
import { isStaffSessionReady } from '@/lib/core/staff-actor';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { createTestOneTimeList, createTestSmsPassword } from '@/tests/support/alternative-logins';
import { mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { messageCode, totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { readSentCode } from '@/tests/support/outbox';
import { passwordKey, preloadFailures } from '@/tests/support/limits';
import { addConfirmedPhone, createMfaUser, createTestUser, currentSessionFor, phoneNumbers, TEST_CONSOLE, testRequest } from '@/tests/support/users';

// SECURITY.md "Alternative logins and restricted sessions": an SMS password is finished only by
// the code texted to the mobile number; a one-time password works once, even when sign-ins race;
// only the two-factor kinds are accepted where the brand requires two-step verification; staff
// accounts never sign in this way; the sessions they open are restricted when the login is.

const nextNumber = phoneNumbers('319');
const env = envOverrides();
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

const SMS_PASSWORD = 'kiosk pass phrase 4711';

async function sessionRow(sessionId: string) {
  return prisma.session.findUniqueOrThrow({ where: { id: sessionId }, select: { isRestricted: true, alternativeLoginId: true, secondFactorAt: true } });
}

async function pendingRow(token: string) {
  return prisma.pendingLogin.findUniqueOrThrow({
    where: { tokenHash: createHash('sha256').update(token).digest('hex') },
    select: { id: true, alternativeLoginId: true, isRestricted: true },
  });
}

describe('a one-time password list', () => {
  it('signs in once with each line, into a restricted session, and refuses the line the second time', async () => {
    const user = await createTestUser();
    const { login, lines } = await createTestOneTimeList(user.id);
    const line = lines[7] as string;

    const first = await signInWithPassword({ email: user.email, password: line, request: testRequest() });
    if (first.next !== 'signed-in') throw new Error(`expected a session, got ${first.next}`);
    expect(await sessionRow(first.session.sessionId)).toEqual({ isRestricted: true, alternativeLoginId: login.id, secondFactorAt: null });

    await expectAppError(signInWithPassword({ email: user.email, password: line, request: testRequest() }), 'ONE_TIME_PASSWORD_USED');
    // Typed in capitals and without its space, the next line is the same password.
    const next = (lines[8] as string).replace(' ', '').toUpperCase();
    expect((await signInWithPassword({ email: user.email, password: next, request: testRequest() })).next).toBe('signed-in');
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: login.id, usedAt: { not: null } } })).toBe(2);
  });

  it('spends each line once when several sign-ins race with it', async () => {
    const user = await createTestUser();
    const { login, lines } = await createTestOneTimeList(user.id);
    const raced = lines.slice(0, 5);
    // Four at once per line: the password step's throttle admits that many attempts on one account
    // in flight before it makes them wait their turn, so every racer is really checked.
    for (const line of raced) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () => signInWithPassword({ email: user.email, password: line, request: testRequest() })),
      );
      const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as { code?: string }).code] : []));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(refusals).toEqual(['ONE_TIME_PASSWORD_USED', 'ONE_TIME_PASSWORD_USED', 'ONE_TIME_PASSWORD_USED']);
    }
    expect(await prisma.session.count({ where: { alternativeLoginId: login.id } })).toBe(raced.length);
  });

  it('with a memorised prefix, counts as two factors and needs the prefix typed before the line', async () => {
    const user = await createMfaUser();
    const { login, lines } = await createTestOneTimeList(user.id, { prefix: 'blue heron', isRestricted: false });
    const line = lines[0] as string;

    await expectAppError(signInWithPassword({ email: user.email, password: line, request: testRequest() }), 'INVALID_CREDENTIALS');
    await expectAppError(signInWithPassword({ email: user.email, password: `red heron ${line}`, request: testRequest() }), 'INVALID_CREDENTIALS');
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: login.id, usedAt: { not: null } } })).toBe(0);

    const result = await signInWithPassword({ email: user.email, password: `blue heron ${line}`, request: testRequest() });
    if (result.next !== 'signed-in') throw new Error(`a prefixed line is two factors: expected a session, got ${result.next}`);
    const session = await sessionRow(result.session.sessionId);
    expect(session.isRestricted).toBe(false);
    expect(session.alternativeLoginId).toBe(login.id);
    expect(session.secondFactorAt).not.toBeNull();
  });

  it('without a prefix, stands in for the password only: an account with a second factor is still asked for it', async () => {
    const user = await createMfaUser();
    const { login, lines } = await createTestOneTimeList(user.id);
    const result = await signInWithPassword({ email: user.email, password: lines[3] as string, request: testRequest() });
    if (result.next !== 'second-factor') throw new Error(`expected the token prompt, got ${result.next}`);
    expect(await pendingRow(result.pendingLogin.token)).toMatchObject({ alternativeLoginId: login.id, isRestricted: true });

    const session = await completeSignIn({ pendingLoginToken: result.pendingLogin.token, code: totpCode(user.totpSecret), request: testRequest() });
    expect(await sessionRow(session.sessionId)).toMatchObject({ isRestricted: true, alternativeLoginId: login.id });
  });

  it('without a prefix, is refused where the brand requires two-step verification, and the line is not spent', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true });
    const user = await createMfaUser();
    await prisma.user.update({ where: { id: user.id }, data: { brandId: brand.id } });
    const { login, lines } = await createTestOneTimeList(user.id);
    await expectAppError(signInWithPassword({ email: user.email, password: lines[0] as string, request: testRequest() }), 'ALTERNATIVE_LOGIN_NOT_ACCEPTED');
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: login.id, usedAt: { not: null } } })).toBe(0);
    // With a prefix it is two factors, and accepted there.
    await prisma.alternativeLogin.delete({ where: { id: login.id } });
    const prefixed = await createTestOneTimeList(user.id, { prefix: 'green finch' });
    expect((await signInWithPassword({ email: user.email, password: `green finch ${prefixed.lines[0]}`, request: testRequest() })).next).toBe('signed-in');
  });

  it('is refused to a staff account, like a wrong password, and nothing is spent', async () => {
    const staff = await createTestUser({ role: 'SUPPORT' });
    const { login, lines } = await createTestOneTimeList(staff.id);
    await expectAppError(signInWithPassword({ email: staff.email, password: lines[0] as string, request: testRequest() }), 'INVALID_CREDENTIALS');
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: login.id, usedAt: { not: null } } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: staff.id } })).toBe(0);
  });

  it('never makes the address it came from a remembered location', async () => {
    const user = await createMfaUser();
    const { lines } = await createTestOneTimeList(user.id, { prefix: 'quiet lake' });
    await signInWithPassword({ email: user.email, password: `quiet lake ${lines[0]}`, request: testRequest() });
    expect(await prisma.rememberedLocation.count({ where: { userId: user.id, secondFactorAt: { not: null } } })).toBe(0);
  });
});

describe('an SMS password', () => {
  it('texts a code to the mobile number, and only that code finishes the sign-in, into a restricted session', async () => {
    const user = await createMfaUser();
    const mobile = await addConfirmedPhone(user.id, nextNumber());
    const other = await addConfirmedPhone(user.id, nextNumber());
    const { id: loginId } = await createTestSmsPassword(user.id, { password: SMS_PASSWORD, mobilePhoneId: mobile.id });
    const request = testRequest();

    const result = await signInWithPassword({ email: user.email, password: SMS_PASSWORD, request });
    if (result.next !== 'second-factor') throw new Error(`expected the code step, got ${result.next}`);
    const token = result.pendingLogin.token;
    expect(await pendingRow(token)).toMatchObject({ alternativeLoginId: loginId, isRestricted: true });

    // No other phone, no e-mail, no app code, no backup code.
    await expectAppError(sendSignInCode({ pendingLoginToken: token, target: { channel: 'SMS', phoneId: other.id }, request }), 'METHOD_NOT_AVAILABLE');
    await expectAppError(sendSignInCode({ pendingLoginToken: token, target: { channel: 'EMAIL' }, request }), 'METHOD_NOT_AVAILABLE');
    await expectAppError(completeSignIn({ pendingLoginToken: token, code: totpCode(user.totpSecret), request }), 'SMS_PASSWORD_NEEDS_TEXT_CODE');

    const code = await readSentCode(mobile.number, 'SMS');
    // The texted code itself, posted as another sent-code kind, is refused too: only a text finishes it.
    await expectAppError(completeSignIn({ pendingLoginToken: token, code: { method: 'email', response: code }, request }), 'SMS_PASSWORD_NEEDS_TEXT_CODE');
    await expectAppError(completeSignIn({ pendingLoginToken: token, code: { method: 'voice', response: code }, request }), 'SMS_PASSWORD_NEEDS_TEXT_CODE');
    const session = await completeSignIn({ pendingLoginToken: token, code: messageCode(code), request });
    expect(await sessionRow(session.sessionId)).toMatchObject({ isRestricted: true, alternativeLoginId: loginId });
    expect((await prisma.alternativeLogin.findUniqueOrThrow({ where: { id: loginId }, select: { lastUsedAt: true } })).lastUsedAt).not.toBeNull();
  });

  it('is refused with a plain message when no mobile number is marked, and leaves no pending login', async () => {
    const user = await createTestUser();
    await createTestSmsPassword(user.id, { password: SMS_PASSWORD });
    await expectAppError(signInWithPassword({ email: user.email, password: SMS_PASSWORD, request: testRequest() }), 'NO_MOBILE_NUMBER');
    expect(await prisma.pendingLogin.count({ where: { userId: user.id } })).toBe(0);
  });

  it('for a member of a family that does not allow SMS logins, says so and leaves no pending login', async () => {
    const { members } = await createTestOrganisation({ nextNumber, allowSmsLogins: false, credits: 10 });
    const member = members[0] as (typeof members)[number];
    await createTestSmsPassword(member.id, { password: SMS_PASSWORD, mobilePhoneId: member.phone.id });
    await expectAppError(signInWithPassword({ email: member.email, password: SMS_PASSWORD, request: testRequest() }), 'SMS_LOGINS_NOT_ALLOWED');
    expect(await prisma.pendingLogin.count({ where: { userId: member.id, consumedAt: null } })).toBe(0);
  });

  it('leaves the account password working as before, and a wrong password still wrong', async () => {
    const user = await createMfaUser();
    const mobile = await addConfirmedPhone(user.id, nextNumber());
    await createTestSmsPassword(user.id, { password: SMS_PASSWORD, mobilePhoneId: mobile.id });
    const result = await signInWithPassword({ email: user.email, password: user.password, request: testRequest() });
    expect(result.next).toBe('second-factor');
    if (result.next === 'second-factor') expect(await pendingRow(result.pendingLogin.token)).toMatchObject({ alternativeLoginId: null, isRestricted: false });
    await expectAppError(signInWithPassword({ email: user.email, password: `${SMS_PASSWORD}!`, request: testRequest() }), 'INVALID_CREDENTIALS');
  });
});

describe('over the mail protocols', () => {
  it('opens nothing with an SMS password or a one-time password: mail apps take app passwords', async () => {
    const user = await createTestUser();
    const mobile = await addConfirmedPhone(user.id, nextNumber());
    await createTestSmsPassword(user.id, { password: SMS_PASSWORD, mobilePhoneId: mobile.id });
    const { login, lines } = await createTestOneTimeList(user.id);
    expect(await mailLogin({ email: user.email, password: SMS_PASSWORD })).toMatchObject({ result: 'refuse', reason: 'INVALID_CREDENTIALS' });
    expect(await mailLogin({ email: user.email, password: lines[0] as string })).toMatchObject({ result: 'refuse', reason: 'INVALID_CREDENTIALS' });
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: login.id, usedAt: { not: null } } })).toBe(0);
  });
});

describe('the account password’s failure count', () => {
  it('is left as it was by an SMS password or a one-time password standing in for it, and still refuses after them', async () => {
    const user = await createMfaUser();
    const mobile = await addConfirmedPhone(user.id, nextNumber());
    await createTestSmsPassword(user.id, { password: SMS_PASSWORD, mobilePhoneId: mobile.id });
    const { lines } = await createTestOneTimeList(user.id);
    await preloadFailures(passwordKey(user.email), 3);

    expect((await signInWithPassword({ email: user.email, password: SMS_PASSWORD, request: testRequest() })).next).toBe('second-factor');
    expect((await signInWithPassword({ email: user.email, password: lines[0] as string, request: testRequest() })).next).toBe('second-factor');
    // Whoever saw the SMS password at a kiosk cannot wipe the count between guesses at the password.
    expect(await countFailures(passwordKey(user.email))).toBe(3);
    await expectAppError(signInWithPassword({ email: user.email, password: 'not the password', request: testRequest() }), 'INVALID_CREDENTIALS');
    expect(await countFailures(passwordKey(user.email))).toBe(4);
  });

  it('is left as it was by a one-time line behind its memorised prefix, which opens a session of its own', async () => {
    const user = await createMfaUser();
    const { lines } = await createTestOneTimeList(user.id, { prefix: 'blue heron', isRestricted: false });
    await preloadFailures(passwordKey(user.email), 3);

    const result = await signInWithPassword({ email: user.email, password: `blue heron ${lines[0] as string}`, request: testRequest() });
    expect(result.next).toBe('signed-in');
    expect(await countFailures(passwordKey(user.email))).toBe(3);
    await expectAppError(signInWithPassword({ email: user.email, password: 'not the password', request: testRequest() }), 'INVALID_CREDENTIALS');
    expect(await countFailures(passwordKey(user.email))).toBe(4);
  });

  it('is left as it was by a one-time line without prefix on an account with no second factor', async () => {
    const user = await createTestUser();
    const { lines } = await createTestOneTimeList(user.id);
    await preloadFailures(passwordKey(user.email), 3);

    expect((await signInWithPassword({ email: user.email, password: lines[0] as string, request: testRequest() })).next).toBe('signed-in');
    expect(await countFailures(passwordKey(user.email))).toBe(3);
  });
});

describe('an account given a staff role', () => {
  it('loses its alternative logins and the sessions they opened, and no such session acts as staff', async () => {
    const user = await createMfaUser();
    const { login } = await createTestOneTimeList(user.id, { prefix: 'amber gull', isRestricted: false });
    const kiosk = await currentSessionFor(user, { secondFactorAt: new Date(), alternativeLoginId: login.id });
    await grantRole({ actor: TEST_CONSOLE, userId: user.id, role: 'PLATFORM_SUPPORT', brandId: null });
    expect(await prisma.alternativeLogin.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { id: kiosk.session.id } })).toBe(0);
    // Even a session of one that slipped through would not be a staff session.
    const roles = [{ role: 'PLATFORM_SUPPORT' as const, brandId: null }];
    expect(isStaffSessionReady({ ...kiosk, user: { ...kiosk.user, roles } })).toBe(false);
    expect(isStaffSessionReady({ ...kiosk, session: { ...kiosk.session, alternativeLoginId: null }, user: { ...kiosk.user, roles } })).toBe(true);
  });
});
