import { describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { staffActor } from '@/lib/core/staff-actor';
import { changePassword } from '@/lib/passwords/change-password';
import { hashPassword } from '@/lib/core/hash-password';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { passwordThrottle } from '@/lib/rate-limit/throttle-keys';
import { totpCode, wrongAppCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, createMfaUser, createTestUser, currentSessionFor, selfActorFor, testRequest } from '@/tests/support/users';

const NEW_PASSWORD = 'violet kettle harbour 42';

const passwordHashOf = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash;
const revokedAt = async (sessionId: string) => (await prisma.session.findUniqueOrThrow({ where: { id: sessionId }, select: { revokedAt: true } })).revokedAt;
const countEvents = (userId: string, type: string) => prisma.auditEvent.count({ where: { userId, type } });

/** What a refused change must leave as it was: the hash, the sessions, and no audit row or notice. */
async function snapshot(user: { id: string; email: string }) {
  return {
    passwordHash: await passwordHashOf(user.id),
    liveSessions: await prisma.session.count({ where: { userId: user.id, revokedAt: null } }),
    changedEvents: await countEvents(user.id, 'password.changed'),
    messages: await countMessagesTo(user.email),
  };
}

describe('changing the password', () => {
  it('replaces the password, ends every other session and waiting sign-in but this one, audits it and e-mails both addresses', async () => {
    const user = await createMfaUser();
    const alternate = await addConfirmedAlternateEmail(user.id, `alt-${user.id}@elsewhere.test`);
    const actor = await selfActorFor(user);
    const laptop = await currentSessionFor(user, { secondFactorAt: new Date() });
    const phone = await currentSessionFor(user, { secondFactorAt: null });
    const waiting = await startSignIn(user, testRequest());

    const { signedOutSessions } = await changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD });

    expect(signedOutSessions).toBe(2);
    expect(await revokedAt(actor.current.session.id)).toBeNull();
    expect(await revokedAt(laptop.session.id)).not.toBeNull();
    expect(await revokedAt(phone.session.id)).not.toBeNull();
    expect((await prisma.pendingLogin.findUniqueOrThrow({ where: { id: waiting.id }, select: { consumedAt: true } })).consumedAt).not.toBeNull();

    expect(await passwordHashOf(user.id)).toMatch(/^\$argon2id\$/);
    await expect(signInWithPassword({ email: user.email, password: NEW_PASSWORD, request: testRequest() })).resolves.toMatchObject({ next: 'second-factor' });
    await expectAppError(signInWithPassword({ email: user.email, password: user.password, request: testRequest() }), 'INVALID_CREDENTIALS');

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'password.changed' } });
    expect(event).toMatchObject({ actorKind: 'SELF', actorId: user.id, detail: { signedOutSessions: 2 } });
    expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
    for (const to of [user.email, alternate.address]) {
      const notice = await latestMessageTo(to, 'EMAIL');
      expect(notice.subject).toBe('Gatehouse: Your password was changed');
      expect(notice.body).toContain('If it was not you');
      expect(notice.body).toContain('contact');
      expect(notice.body).not.toContain(NEW_PASSWORD);
    }
  });

  it('works without a code for an account without two-factor authentication', async () => {
    const user = await createTestUser();
    const actor = selfActor(await currentSessionFor(user, { secondFactorAt: null }), testRequest());
    await changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD });
    await expect(signInWithPassword({ email: user.email, password: NEW_PASSWORD, request: testRequest() })).resolves.toMatchObject({ next: 'signed-in' });
  });

  it('refuses a wrong current password, changes nothing, and counts it on the sign-in’s own throttle', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const actor = await selfActorFor(user, { request });
    const before = await snapshot(user);

    await expectAppError(changePassword({ actor, userId: user.id, currentPassword: 'not my password', newPassword: NEW_PASSWORD }), 'CURRENT_PASSWORD_WRONG');

    expect(await snapshot(user)).toEqual(before);
    expect(await countEvents(user.id, 'password.change_failed')).toBe(1);
    // The key the sign-in counts for this address: guesses here and there add up to one limit.
    expect(await countFailures(passwordThrottle({ email: user.email, ip: request.ip }).account)).toBe(1);
  });

  it('cannot be used to brute-force the password: after five wrong guesses the next must wait, even the right one', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    for (let i = 0; i < 5; i++) {
      await expectAppError(changePassword({ actor, userId: user.id, currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }), 'CURRENT_PASSWORD_WRONG');
    }
    await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }), 'TOO_MANY_ATTEMPTS');
    // The web sign-in waits too: it is the same password, behind the same count.
    await expectAppError(signInWithPassword({ email: user.email, password: user.password, request: testRequest() }), 'TOO_MANY_ATTEMPTS');
  });

  it('refuses a short or guessable new password with the rule, without checking the current one', async () => {
    const user = await createMfaUser();
    const request = testRequest();
    const actor = await selfActorFor(user, { request });
    const before = await snapshot(user);

    const short = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: 'short' }), 'INVALID_INPUT');
    expect(short.fieldErrors?.newPassword).toEqual(['Use at least 8 characters.']);
    const common = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: 'Password123' }), 'PASSWORD_TOO_WEAK');
    expect(common.fieldErrors?.newPassword).toEqual([expect.stringMatching(/^This password is too easy to guess\. This is a commonly used password\./)]);
    // The account's own words: its address, piece by piece, and its brand.
    const local = user.email.slice(0, user.email.indexOf('@'));
    const own = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: `${local}!` }), 'PASSWORD_TOO_WEAK');
    expect(own.fieldErrors?.newPassword?.[0]).toContain('personal');

    expect(await snapshot(user)).toEqual(before);
    expect(await countFailures(passwordThrottle({ email: user.email, ip: request.ip }).account)).toBe(0);
  });

  it('refuses a new password equal to the current one', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const before = await snapshot(user);
    const error = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: user.password }), 'NEW_PASSWORD_UNCHANGED');
    expect(error.fieldErrors?.newPassword?.[0]).toMatch(/same as your current one/);
    expect(await snapshot(user)).toEqual(before);
  });

  it('refuses a new password equal to the account’s SMS password, and accepts one that differs', async () => {
    const user = await createMfaUser();
    await prisma.alternativeLogin.create({ data: { userId: user.id, kind: 'SMS_PASSWORD', secretHash: await hashPassword(NEW_PASSWORD) } });
    const actor = await selfActorFor(user);
    const before = await snapshot(user);

    const error = await expectAppError(
      changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }),
      'NEW_PASSWORD_IS_SMS_PASSWORD',
    );
    expect(error.userMessage).toMatch(/SMS password/);
    expect(await snapshot(user)).toEqual(before);

    await changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: `${NEW_PASSWORD} and more` });
    expect(await countEvents(user.id, 'password.changed')).toBe(1);
  });

  it('needs re-authentication when the second factor is older than the window, and takes a current code', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    const before = await snapshot(user);

    await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }), 'REAUTH_REQUIRED');
    await expectAppError(
      changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD, code: { method: 'totp', response: wrongAppCode(user.totpSecret) } }),
      'INVALID_CODE',
    );
    expect(await snapshot(user)).toEqual(before);

    await changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD, code: totpCode(user.totpSecret) });
    expect(await passwordHashOf(user.id)).not.toBe(before.passwordHash);
  });

  it('refuses a restricted login’s session, and changes nothing', async () => {
    const user = await createMfaUser();
    const actor = selfActor(await currentSessionFor(user, { secondFactorAt: new Date(), isRestricted: true }), testRequest());
    const before = await snapshot(user);
    await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }), 'RESTRICTED_LOGIN');
    expect(await snapshot(user)).toEqual(before);
  });

  it('only the owner changes it: not another mailbox, not support', async () => {
    const user = await createMfaUser();
    const other = await createMfaUser();
    const support = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    const before = await snapshot(user);
    await expectAppError(changePassword({ actor: await selfActorFor(other), userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }), 'FORBIDDEN');
    const staff = staffActor(await currentSessionFor(support, { secondFactorAt: new Date() }), testRequest());
    await expectAppError(changePassword({ actor: staff, userId: user.id, currentPassword: user.password, newPassword: NEW_PASSWORD }), 'FORBIDDEN');
    expect(await snapshot(user)).toEqual(before);
  });

  it('answers a 10 kB password with a clear message, never a crash', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const huge = 'x'.repeat(10_000);
    const before = await snapshot(user);

    const asNew = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword: huge }), 'INVALID_INPUT');
    expect(asNew.fieldErrors?.newPassword).toEqual(['Use at most 1024 characters.']);
    const asCurrent = await expectAppError(changePassword({ actor, userId: user.id, currentPassword: huge, newPassword: NEW_PASSWORD }), 'INVALID_INPUT');
    expect(asCurrent.fieldErrors?.currentPassword).toEqual(['That is too long to be your password.']);
    expect(asCurrent.userMessage).toBe('Please correct the fields marked below.');

    expect(await snapshot(user)).toEqual(before);
  });

  it('of two changes racing from the same current password, exactly one commits', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const outcomes = await Promise.allSettled(
      ['first racing password', 'second racing password'].map((newPassword) =>
        changePassword({ actor, userId: user.id, currentPassword: user.password, newPassword }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'CURRENT_PASSWORD_WRONG' });
    expect(await countEvents(user.id, 'password.changed')).toBe(1);
  });
});
