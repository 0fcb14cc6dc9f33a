import { describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { confirmRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { readSession } from '@/lib/sessions/get-current-session';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { ZTotpCodeSchema } from '@/lib/mfa/code-schema';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { appCode, totpCode, wrongTotpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { createTestUser, currentSessionFor, testRequest } from '@/tests/support/users';

// SECURITY.md "Sessions": a new session token at each authentication step. A session that proves
// a second factor (re-authentication, enabling the authenticator) gets a new token, the cookie
// from before no longer opens it, and staff tools need the factor proven under the current token.

/** What a browser's cookie names: the session and the token it carried when it was set. */
function cookieOf(current: { session: { id: string; tokenId: string } }) {
  return { sessionId: current.session.id, tokenId: current.session.tokenId };
}

describe('re-authentication', () => {
  it('gives the session a new token: the cookie from before it no longer opens the session, the new one does', async () => {
    const user = await createTestUser({ withTotp: true });
    const current = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    const before = cookieOf(current);

    await confirmRecentSecondFactor({ current, code: totpCode(user.totpSecret as string), request: testRequest() });

    expect(current.session.tokenId).not.toBe(before.tokenId);
    expect(await readSession(before)).toBeNull();
    const after = await readSession(cookieOf(current));
    expect(after?.session.id).toBe(before.sessionId);
    expect(after?.session.secondFactorAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('renews through the verbs that ask for it: regenerating backup codes with a code', async () => {
    const user = await createTestUser({ withTotp: true });
    const current = await currentSessionFor(user, { secondFactorAt: null });
    const before = cookieOf(current);

    await createNewBackupCodes({ actor: selfActor(current, testRequest()), userId: user.id, code: totpCode(user.totpSecret as string) });

    expect(await readSession(before)).toBeNull();
    expect(await readSession(cookieOf(current))).not.toBeNull();
  });

  it('keeps the token when no code was needed (a factor proven minutes ago), and a wrong code renews nothing', async () => {
    const user = await createTestUser({ withTotp: true });
    const recent = await currentSessionFor(user, { secondFactorAt: new Date() });
    await createNewBackupCodes({ actor: selfActor(recent, testRequest()), userId: user.id, code: null });
    expect(await readSession(cookieOf(recent))).not.toBeNull();

    const stale = await currentSessionFor(user, { secondFactorAt: null });
    const before = cookieOf(stale);
    await expectAppError(confirmRecentSecondFactor({ current: stale, code: wrongTotpCode(user.totpSecret as string), request: testRequest() }), 'INVALID_CODE');
    expect(cookieOf(stale)).toEqual(before);
    expect(await readSession(before)).not.toBeNull();
  });
});

describe('enabling the authenticator', () => {
  it('gives the session a new token: the cookie from before it no longer opens the session', async () => {
    const user = await createTestUser();
    const current = await currentSessionFor(user, { secondFactorAt: null });
    const before = cookieOf(current);
    const actor = selfActor(current, testRequest());
    await startTotpEnrolment({ actor, userId: user.id });
    const credential = await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { encryptedSecret: true } });
    const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: user.id });

    await enableTotp({ actor, userId: user.id, code: ZTotpCodeSchema.parse(appCode(secret)) });

    expect(await readSession(before)).toBeNull();
    const after = await readSession(cookieOf(current));
    expect(after?.session.secondFactorAt).not.toBeNull();
  });
});

describe('staff tools', () => {
  it('refuse a session given its second factor in place, without a new token, and accept it once it re-authenticates', async () => {
    const staff = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    // Signed in with the password alone (as during an enrolment period), then upgraded in place.
    const passwordOnly = await currentSessionFor(staff, { secondFactorAt: null });
    await prisma.session.update({ where: { id: passwordOnly.session.id }, data: { secondFactorAt: new Date() } });
    const upgraded = await readSession(cookieOf(passwordOnly));
    if (!upgraded) throw new Error('the session should still be open');

    expect(isStaffSessionReady(upgraded)).toBe(false);
    expect(() => staffActor(upgraded, testRequest())).toThrow(expect.objectContaining({ code: 'STAFF_MFA_REQUIRED' }));

    // Proving a factor later is an authentication step: a new token, under which staff tools work.
    await prisma.session.update({ where: { id: upgraded.session.id }, data: { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) } });
    const later = await readSession(cookieOf(upgraded));
    if (!later) throw new Error('the session should still be open');
    await confirmRecentSecondFactor({ current: later, code: totpCode(staff.totpSecret as string), request: testRequest() });
    expect(await readSession(cookieOf(upgraded))).toBeNull();
    const renewed = await readSession(cookieOf(later));
    if (!renewed) throw new Error('the renewed cookie should open the session');
    expect(isStaffSessionReady(renewed)).toBe(true);
    expect(staffActor(renewed, testRequest()).kind).toBe('staff');
  });

  it('accept a session opened by a full sign-in with a second factor', async () => {
    const staff = await createTestUser({ withTotp: true, role: 'SUPPORT' });
    const signedIn = await readSession(cookieOf(await currentSessionFor(staff, { secondFactorAt: new Date() })));
    expect(signedIn && isStaffSessionReady(signedIn)).toBe(true);
  });
});
