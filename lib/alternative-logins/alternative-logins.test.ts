import { describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { staffActor } from '@/lib/core/staff-actor';
import { createSmsPassword } from '@/lib/alternative-logins/create-sms-password';
import { deleteAlternativeLogin } from '@/lib/alternative-logins/delete-alternative-login';
import { generateOneTimeList } from '@/lib/alternative-logins/generate-one-time-list';
import { listAlternativeLogins } from '@/lib/alternative-logins/list-alternative-logins';
import { matchAlternativeLogin } from '@/lib/alternative-logins/match-alternative-login';
import { hashOneTimePassword, ONE_TIME_LIST_SIZE } from '@/lib/alternative-logins/one-time-password-secret';
import { ZOneTimePrefixSchema } from '@/lib/alternative-logins/one-time-prefix';
import { verifyPassword } from '@/lib/core/hash-password';
import { prisma } from '@/lib/db/prisma';
import { setMobilePhone } from '@/lib/phones/set-mobile-phone';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedPhone, createMfaUser, createTestUser, currentSessionFor, phoneNumbers, selfActorFor, testRequest } from '@/tests/support/users';

// Nothing here sends a text: the phones are written straight to the database.
const nextNumber = phoneNumbers('702');
const SMS_PASSWORD = 'kiosk walrus umbrella';
const HOUR_AGO = () => new Date(Date.now() - 60 * 60 * 1000);

/** An account with two-factor on and a mobile number for SMS logins, ready for an SMS password. */
async function createUserWithMobile() {
  const user = await createMfaUser();
  const phone = await addConfirmedPhone(user.id, nextNumber());
  await setMobilePhone({ actor: await selfActorFor(user), userId: user.id, phoneId: phone.id });
  return { ...user, phone };
}

const countLogins = (userId: string) => prisma.alternativeLogin.count({ where: { userId } });

describe('the mobile number for SMS logins', () => {
  it('marks one confirmed phone, clears the other in the same step, audits and e-mails it', async () => {
    const user = await createMfaUser();
    const first = await addConfirmedPhone(user.id, nextNumber());
    const second = await addConfirmedPhone(user.id, nextNumber());
    const actor = await selfActorFor(user);

    await setMobilePhone({ actor, userId: user.id, phoneId: first.id });
    await setMobilePhone({ actor, userId: user.id, phoneId: second.id });

    const marked = await prisma.phone.findMany({ where: { userId: user.id, isMobileForSms: true }, select: { id: true } });
    expect(marked).toEqual([{ id: second.id }]);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'phone.mobile_set' } })).toBe(2);
    expect((await latestMessageTo(user.email)).subject).toBe('Gatehouse: Your mobile number for SMS logins changed');
  });

  it('refuses another mailbox’s phone id, or a malformed one, and changes nothing', async () => {
    const user = await createMfaUser();
    const other = await createMfaUser();
    const own = await addConfirmedPhone(user.id, nextNumber());
    const theirs = await addConfirmedPhone(other.id, nextNumber());
    const actor = await selfActorFor(user);
    await setMobilePhone({ actor, userId: user.id, phoneId: own.id });

    await expectAppError(setMobilePhone({ actor, userId: user.id, phoneId: theirs.id }), 'PHONE_NOT_FOUND');
    await expectAppError(setMobilePhone({ actor, userId: user.id, phoneId: 'not-a-uuid' }), 'PHONE_NOT_FOUND');
    await expectAppError(setMobilePhone({ actor, userId: other.id, phoneId: theirs.id }), 'FORBIDDEN');

    expect(await prisma.phone.findUniqueOrThrow({ where: { id: own.id }, select: { isMobileForSms: true } })).toEqual({ isMobileForSms: true });
    expect(await prisma.phone.findUniqueOrThrow({ where: { id: theirs.id }, select: { isMobileForSms: true } })).toEqual({ isMobileForSms: false });
  });

  it('is refused to a restricted session and asks a stale session for a code', async () => {
    const user = await createMfaUser();
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const restricted = selfActor(await currentSessionFor(user, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    await expectAppError(setMobilePhone({ actor: restricted, userId: user.id, phoneId: phone.id }), 'RESTRICTED_LOGIN');
    const stale = await selfActorFor(user, { secondFactorAt: HOUR_AGO() });
    await expectAppError(setMobilePhone({ actor: stale, userId: user.id, phoneId: phone.id }), 'REAUTH_REQUIRED');
    expect(await prisma.phone.count({ where: { userId: user.id, isMobileForSms: true } })).toBe(0);
  });
});

describe('SMS passwords', () => {
  it('stores only an argon2id hash, restricted by default, audits and e-mails it', async () => {
    const user = await createUserWithMobile();
    const created = await createSmsPassword({ actor: await selfActorFor(user), userId: user.id, password: SMS_PASSWORD });

    const row = await prisma.alternativeLogin.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ kind: 'SMS_PASSWORD', isRestricted: true });
    expect(row.secretHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(SMS_PASSWORD);
    expect(await verifyPassword({ password: SMS_PASSWORD, passwordHash: row.secretHash })).toBe(true);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'alternative_login.created' } })).toBe(1);
    const notice = await latestMessageTo(user.email);
    expect(notice.subject).toBe('Gatehouse: An alternative login was created');
    expect(notice.body).toContain('An SMS password');
    expect(notice.body).not.toContain(SMS_PASSWORD);
  });

  it('a new one replaces the old, and the sessions the old one opened end with it', async () => {
    const user = await createUserWithMobile();
    const actor = await selfActorFor(user);
    const first = await createSmsPassword({ actor, userId: user.id, password: SMS_PASSWORD });
    const openedByFirst = await currentSessionFor(user, { secondFactorAt: new Date(), alternativeLoginId: first.id, isRestricted: true });

    const second = await createSmsPassword({ actor, userId: user.id, password: 'another kiosk password', isRestricted: false });

    expect(await listAlternativeLogins({ userId: user.id })).toEqual([
      { id: second.id, kind: 'SMS_PASSWORD', isRestricted: false, createdAt: second.createdAt, lastUsedAt: null, list: null },
    ]);
    expect(await prisma.session.count({ where: { id: openedByFirst.session.id } })).toBe(0);
  });

  it('needs a mobile number for SMS logins', async () => {
    const user = await createMfaUser();
    await addConfirmedPhone(user.id, nextNumber());
    await expectAppError(createSmsPassword({ actor: await selfActorFor(user), userId: user.id, password: SMS_PASSWORD }), 'SMS_PASSWORD_NEEDS_MOBILE');
    expect(await countLogins(user.id)).toBe(0);
  });

  it('refuses the account password and guessable passwords, and creates nothing', async () => {
    const user = await createUserWithMobile();
    const actor = await selfActorFor(user);
    const messages = await countMessagesTo(user.email);
    const same = await expectAppError(createSmsPassword({ actor, userId: user.id, password: user.password }), 'SMS_PASSWORD_IS_ACCOUNT_PASSWORD');
    expect(same.fieldErrors?.password?.[0]).toMatch(/other than your account password/);
    const common = await expectAppError(createSmsPassword({ actor, userId: user.id, password: 'password123' }), 'PASSWORD_TOO_WEAK');
    expect(common.fieldErrors?.password).toEqual([expect.stringMatching(/^This password is too easy to guess\. This is a commonly used password\./)]);
    const own = await expectAppError(createSmsPassword({ actor, userId: user.id, password: `${user.email}1` }), 'PASSWORD_TOO_WEAK');
    expect(own.fieldErrors?.password?.[0]).toContain('personal');
    const short = await expectAppError(createSmsPassword({ actor, userId: user.id, password: 'short' }), 'INVALID_INPUT');
    expect(short.fieldErrors?.password).toEqual(['Use at least 8 characters.']);
    expect(await countLogins(user.id)).toBe(0);
    expect(await countMessagesTo(user.email)).toBe(messages);
  });

  it('is refused to a member whose family/business account does not allow SMS two-factor logins', async () => {
    const { members } = await createTestOrganisation({ nextNumber, allowSmsLogins: false });
    const member = members[0];
    if (!member) throw new Error('createTestOrganisation makes one member');
    const actor = await selfActorFor(member);
    await setMobilePhone({ actor, userId: member.id, phoneId: member.phone.id });
    await expectAppError(createSmsPassword({ actor, userId: member.id, password: SMS_PASSWORD }), 'SMS_LOGINS_NOT_ALLOWED');
    expect(await countLogins(member.id)).toBe(0);
  });
});

describe('one-time password lists', () => {
  it('a fresh list stores 50 distinct keyed hashes at positions 1 to 50, never the plaintext', async () => {
    const user = await createMfaUser();
    const list = await generateOneTimeList({ actor: await selfActorFor(user), userId: user.id, prefix: '  my secret  ' });

    expect(list.passwords).toHaveLength(ONE_TIME_LIST_SIZE);
    expect(new Set(list.passwords).size).toBe(ONE_TIME_LIST_SIZE);
    for (const password of list.passwords) expect(password).toMatch(/^[a-z2-9]{4} [a-z2-9]{4}$/);
    const rows = await prisma.oneTimePassword.findMany({ where: { alternativeLoginId: list.id }, orderBy: { position: 'asc' } });
    expect(rows.map((row) => row.position)).toEqual(Array.from({ length: ONE_TIME_LIST_SIZE }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.secretHash)).size).toBe(ONE_TIME_LIST_SIZE);
    expect(rows.map((row) => row.secretHash)).toEqual(list.passwords.map((password) => hashOneTimePassword({ userId: user.id, letters: password.replace(' ', '') })));
    const stored = JSON.stringify(rows);
    for (const password of list.passwords) {
      expect(stored).not.toContain(password);
      expect(stored).not.toContain(password.replace(' ', ''));
    }

    const login = await prisma.alternativeLogin.findUniqueOrThrow({ where: { id: list.id } });
    expect(login).toMatchObject({ kind: 'ONE_TIME_LIST', isRestricted: true });
    // The prefix is trimmed, then hashed like a password.
    expect(await verifyPassword({ password: 'my secret', passwordHash: login.secretHash })).toBe(true);
    expect(JSON.stringify(login)).not.toContain('my secret');
    expect((await latestMessageTo(user.email)).body).toContain('with a memorised prefix');
  });

  it('a new list replaces the old: its passwords and its sessions go', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const old = await generateOneTimeList({ actor, userId: user.id });
    const openedByOld = await currentSessionFor(user, { secondFactorAt: null, alternativeLoginId: old.id, isRestricted: true });

    const fresh = await generateOneTimeList({ actor, userId: user.id, prefix: 'abcd', isRestricted: false });

    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: old.id } })).toBe(0);
    expect(await prisma.oneTimePassword.count({ where: { alternativeLogin: { userId: user.id } } })).toBe(ONE_TIME_LIST_SIZE);
    expect(await prisma.session.count({ where: { id: openedByOld.session.id } })).toBe(0);
    expect(await listAlternativeLogins({ userId: user.id })).toEqual([
      expect.objectContaining({ id: fresh.id, kind: 'ONE_TIME_LIST', isRestricted: false, list: { hasPrefix: true, total: 50, left: 50 } }),
    ]);
  });

  it('lists how many are left', async () => {
    const user = await createMfaUser();
    const list = await generateOneTimeList({ actor: await selfActorFor(user), userId: user.id });
    await prisma.oneTimePassword.updateMany({ where: { alternativeLoginId: list.id, position: { lte: 25 } }, data: { usedAt: new Date() } });
    expect(await listAlternativeLogins({ userId: user.id })).toEqual([
      expect.objectContaining({ id: list.id, list: { hasPrefix: false, total: 50, left: 25 } }),
    ]);
  });

  it('refuses an empty, blank, short or too long prefix, and changes nothing', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const kept = await generateOneTimeList({ actor, userId: user.id });
    const messages = await countMessagesTo(user.email);
    await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: '' }), 'ONE_TIME_PREFIX_TOO_SHORT');
    await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: '     ' }), 'ONE_TIME_PREFIX_TOO_SHORT');
    await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: ' abc ' }), 'ONE_TIME_PREFIX_TOO_SHORT');
    const long = await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: 'x'.repeat(65) }), 'ONE_TIME_PREFIX_TOO_LONG');
    expect(long.fieldErrors).toEqual({ prefix: ['Keep the prefix to 64 characters or fewer.'] });

    expect((await prisma.alternativeLogin.findMany({ where: { userId: user.id }, select: { id: true } })).map((row) => row.id)).toEqual([kept.id]);
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: kept.id } })).toBe(ONE_TIME_LIST_SIZE);
    expect(await countMessagesTo(user.email)).toBe(messages);
  });

  it('the form reads an empty prefix field as no prefix, and a short one as a mistake', () => {
    expect(ZOneTimePrefixSchema.parse('')).toBeNull();
    expect(ZOneTimePrefixSchema.parse(undefined)).toBeNull();
    expect(ZOneTimePrefixSchema.parse(' pass word ')).toBe('pass word');
    expect(ZOneTimePrefixSchema.safeParse('abc').success).toBe(false);
    expect(ZOneTimePrefixSchema.safeParse('x'.repeat(65)).success).toBe(false);
  });

  it('where the brand requires two-step verification, a list needs its prefix', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true });
    const user = await createTestUser({ withTotp: true, domain: brand.domain });
    const actor = await selfActorFor(user);
    await expectAppError(generateOneTimeList({ actor, userId: user.id }), 'ONE_TIME_LIST_NEEDS_PREFIX');
    expect(await countLogins(user.id)).toBe(0);
    const list = await generateOneTimeList({ actor, userId: user.id, prefix: 'remembered' });
    expect(list.hasPrefix).toBe(true);
  });
});

describe('what the sign-in reads back', () => {
  it('matches the SMS password and a printed line behind its prefix, as the page created them', async () => {
    const user = await createUserWithMobile();
    const actor = await selfActorFor(user);
    const sms = await createSmsPassword({ actor, userId: user.id, password: SMS_PASSWORD });
    const list = await generateOneTimeList({ actor, userId: user.id, prefix: ' my prefix ' });
    const line = list.passwords[7] as string;

    await expect(matchAlternativeLogin({ account: { id: user.id, hasAlternativeLogins: true }, typed: SMS_PASSWORD })).resolves.toMatchObject({ id: sms.id, kind: 'SMS_PASSWORD' });
    await expect(matchAlternativeLogin({ account: { id: user.id, hasAlternativeLogins: true }, typed: `my prefix${line.toUpperCase()}` })).resolves.toMatchObject({ id: list.id, isTwoFactor: true });
    await expect(matchAlternativeLogin({ account: { id: user.id, hasAlternativeLogins: true }, typed: line })).resolves.toBeNull();
  });
});

describe('deleting alternative logins', () => {
  it('deletes one with its passwords and sessions, audits and e-mails it', async () => {
    const user = await createUserWithMobile();
    const actor = await selfActorFor(user);
    const sms = await createSmsPassword({ actor, userId: user.id, password: SMS_PASSWORD });
    const list = await generateOneTimeList({ actor, userId: user.id });
    const openedByList = await currentSessionFor(user, { secondFactorAt: null, alternativeLoginId: list.id, isRestricted: true });

    await deleteAlternativeLogin({ actor, userId: user.id, alternativeLoginId: list.id });

    expect((await listAlternativeLogins({ userId: user.id })).map((row) => row.id)).toEqual([sms.id]);
    expect(await prisma.oneTimePassword.count({ where: { alternativeLoginId: list.id } })).toBe(0);
    expect(await prisma.session.count({ where: { id: openedByList.session.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'alternative_login.deleted' } })).toBe(1);
    const notice = await latestMessageTo(user.email);
    expect(notice.subject).toBe('Gatehouse: An alternative login was deleted');
    expect(notice.body).toContain('A list of one-time passwords');
  });

  it('refuses an id that is gone, malformed or another mailbox’s, and changes nothing', async () => {
    const user = await createMfaUser();
    const other = await createMfaUser();
    const theirs = await generateOneTimeList({ actor: await selfActorFor(other), userId: other.id });
    const actor = await selfActorFor(user);
    await expectAppError(deleteAlternativeLogin({ actor, userId: user.id, alternativeLoginId: theirs.id }), 'ALTERNATIVE_LOGIN_NOT_FOUND');
    await expectAppError(deleteAlternativeLogin({ actor, userId: user.id, alternativeLoginId: 'not-a-uuid' }), 'ALTERNATIVE_LOGIN_NOT_FOUND');
    await expectAppError(deleteAlternativeLogin({ actor, userId: other.id, alternativeLoginId: theirs.id }), 'FORBIDDEN');
    expect(await countLogins(other.id)).toBe(1);
  });
});

describe('who may manage alternative logins', () => {
  // Every management verb, for one account and one actor: each must be refused with `code`.
  async function expectEveryVerbRefused(user: Awaited<ReturnType<typeof createUserWithMobile>>, actor: Parameters<typeof createSmsPassword>[0]['actor'], code: Parameters<typeof expectAppError>[1]) {
    const existing = await generateOneTimeList({ actor: await selfActorFor(user), userId: user.id });
    const before = await prisma.alternativeLogin.findMany({ where: { userId: user.id }, select: { id: true, createdAt: true } });
    await expectAppError(createSmsPassword({ actor, userId: user.id, password: SMS_PASSWORD }), code);
    await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: 'abcd' }), code);
    await expectAppError(deleteAlternativeLogin({ actor, userId: user.id, alternativeLoginId: existing.id }), code);
    expect(await prisma.alternativeLogin.findMany({ where: { userId: user.id }, select: { id: true, createdAt: true } })).toEqual(before);
  }

  it('a restricted session is refused every one', async () => {
    const user = await createUserWithMobile();
    const restricted = selfActor(await currentSessionFor(user, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    await expectEveryVerbRefused(user, restricted, 'RESTRICTED_LOGIN');
  });

  it('a session opened by an alternative login is refused, even when not restricted', async () => {
    const user = await createUserWithMobile();
    const sms = await createSmsPassword({ actor: await selfActorFor(user), userId: user.id, password: SMS_PASSWORD, isRestricted: false });
    const viaSms = selfActor(await currentSessionFor(user, { secondFactorAt: new Date(), alternativeLoginId: sms.id }), testRequest());
    await expectEveryVerbRefused(user, viaSms, 'ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN');
  });

  it('an account without two-factor is refused: its sign-in had no second factor', async () => {
    // No phone either: a confirmed backup phone is a second factor, which would turn two-factor on.
    const user = await createTestUser();
    const actor = await selfActorFor(user, { secondFactorAt: null });
    await expectAppError(createSmsPassword({ actor, userId: user.id, password: SMS_PASSWORD }), 'ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN');
    await expectAppError(generateOneTimeList({ actor, userId: user.id, prefix: 'abcd' }), 'ALTERNATIVE_LOGINS_NEED_FULL_SIGN_IN');
    expect(await countLogins(user.id)).toBe(0);
  });

  it('a session without a recent second factor must give a code, and then may', async () => {
    const user = await createUserWithMobile();
    const stale = await selfActorFor(user, { secondFactorAt: HOUR_AGO() });
    await expectAppError(createSmsPassword({ actor: stale, userId: user.id, password: SMS_PASSWORD }), 'REAUTH_REQUIRED');
    await expectAppError(generateOneTimeList({ actor: stale, userId: user.id }), 'REAUTH_REQUIRED');
    expect(await countLogins(user.id)).toBe(0);
    const never = await selfActorFor(user, { secondFactorAt: null });
    await generateOneTimeList({ actor: never, userId: user.id, code: { method: 'backup_code', response: user.firstBackupCode.replace(/-/g, '') } });
    expect(await countLogins(user.id)).toBe(1);
  });

  it('a staff account is refused, whoever acts', async () => {
    const staffUser = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    const phone = await addConfirmedPhone(staffUser.id, nextNumber());
    const current = await currentSessionFor(staffUser, { secondFactorAt: new Date() });
    const own = selfActor(current, testRequest());
    await setMobilePhone({ actor: own, userId: staffUser.id, phoneId: phone.id });
    await expectAppError(createSmsPassword({ actor: own, userId: staffUser.id, password: SMS_PASSWORD }), 'ALTERNATIVE_LOGINS_NOT_FOR_STAFF');
    await expectAppError(generateOneTimeList({ actor: own, userId: staffUser.id, prefix: 'abcd' }), 'ALTERNATIVE_LOGINS_NOT_FOR_STAFF');
    expect(await countLogins(staffUser.id)).toBe(0);
  });

  it('staff cannot manage someone else’s', async () => {
    const user = await createUserWithMobile();
    const support = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    const staff = staffActor(await currentSessionFor(support, { secondFactorAt: new Date() }), testRequest());
    await expectEveryVerbRefused(user, staff, 'FORBIDDEN');
  });
});
