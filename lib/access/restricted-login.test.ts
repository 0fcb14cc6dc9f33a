import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { removeAlternateEmail } from '@/lib/alternate-email/remove-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { createAppPassword } from '@/lib/app-passwords/create-app-password';
import { revokeAppPassword } from '@/lib/app-passwords/revoke-app-password';
import { createSmsPassword } from '@/lib/alternative-logins/create-sms-password';
import { deleteAlternativeLogin } from '@/lib/alternative-logins/delete-alternative-login';
import { generateOneTimeList } from '@/lib/alternative-logins/generate-one-time-list';
import { changePassword } from '@/lib/passwords/change-password';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { signOutOtherSessions } from '@/lib/sessions/sign-out-other-sessions';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { startCreditPurchase } from '@/lib/credits/start-credit-purchase';
import { prisma } from '@/lib/db/prisma';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { forgetLocation } from '@/lib/locations/forget-location';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { turnOffTwoFactor } from '@/lib/mfa/turn-off-two-factor';
import { removeMember } from '@/lib/organisations/change-membership';
import { updateOrganisationPreferences } from '@/lib/organisations/update-organisation-preferences';
import { removePhone } from '@/lib/phones/remove-phone';
import { setMobilePhone } from '@/lib/phones/set-mobile-phone';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { createTestAppPassword } from '@/tests/support/app-passwords';
import { totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation } from '@/tests/support/organisations';
import { addConfirmedAlternateEmail, currentSessionFor, phoneNumbers, testRequest } from '@/tests/support/users';

// SECURITY.md "Alternative logins and restricted sessions": a session opened by a restricted
// alternative login cannot delete or weaken anything, and the refusal is in the verbs (authorize),
// not only in hidden buttons: each verb below, called as a forged form post would call it, is
// refused with RESTRICTED_LOGIN and changes nothing.

const nextNumber = phoneNumbers('320');
const env = envOverrides();
beforeAll(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

/** Everything a restricted session might try to delete or weaken, as it stands. */
async function securityState(userId: string, organisationId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      passwordHash: true,
      challengePolicy: true,
      totp: { select: { confirmedAt: true, encryptedSecret: true } },
      backupCodes: { select: { codeHash: true }, orderBy: { codeHash: 'asc' } },
      phones: { select: { id: true, isMobileForSms: true }, orderBy: { id: 'asc' } },
      alternativeLogins: { select: { id: true, kind: true, secretHash: true, isRestricted: true }, orderBy: { id: 'asc' } },
      alternateEmail: { select: { address: true } },
      appPasswords: { select: { id: true }, orderBy: { id: 'asc' } },
      rememberedLocations: { select: { id: true }, orderBy: { id: 'asc' } },
      sessions: { select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } },
      organisationMembership: { select: { role: true } },
    },
  });
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { allowSmsLogins: true, creditBalance: true } });
  return { user, organisation, oneTimeCodes: await prisma.oneTimeCode.count({ where: { userId } }) };
}

describe('a restricted login', () => {
  it('is refused every change and removal by the verbs themselves, and nothing changes', async () => {
    const { organisation, admin } = await createTestOrganisation({ nextNumber, credits: 10 });
    const userId = admin.id;
    const phone = await prisma.phone.create({ data: { userId, number: nextNumber(), countryCode: 'US', isMobileForSms: true }, select: { id: true } });
    const otherPhone = await prisma.phone.create({ data: { userId, number: nextNumber(), countryCode: 'US' }, select: { id: true } });
    await addConfirmedAlternateEmail(userId, `alt-${userId}@example.org`);
    const appPassword = await createTestAppPassword(admin);
    const location = await prisma.rememberedLocation.create({ data: { userId, kind: 'IP', value: '198.51.100.7', secondFactorAt: new Date() }, select: { id: true } });
    await currentSessionFor(admin, { secondFactorAt: new Date() });
    const login = await prisma.alternativeLogin.create({ data: { userId, kind: 'ONE_TIME_LIST' }, select: { id: true } });
    // A second factor was just proven (the sheet's prefix), so no verb can stop earlier for want of one.
    const actor = selfActor(await currentSessionFor(admin, { secondFactorAt: new Date(), alternativeLoginId: login.id, isRestricted: true }), testRequest());
    const code = totpCode(admin.totpSecret);
    const before = await securityState(userId, organisation.id);
    const refusalsBefore = await prisma.auditEvent.count({ where: { type: 'access.refused', userId } });

    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['remove a phone', () => removePhone({ actor, userId, phoneId: phone.id, code })],
      ['move the mobile number to another phone', () => setMobilePhone({ actor, userId, phoneId: otherPhone.id, code })],
      ['change the password', () => changePassword({ actor, userId, currentPassword: admin.password, newPassword: 'a brand new passphrase 93', code })],
      ['delete the alternative login it came in with', () => deleteAlternativeLogin({ actor, userId, alternativeLoginId: login.id, code })],
      ['make an SMS password', () => createSmsPassword({ actor, userId, password: 'kiosk pass phrase 4711', isRestricted: false, code })],
      ['print a new one-time list', () => generateOneTimeList({ actor, userId, prefix: 'swift otter', isRestricted: false, code })],
      ['remove the alternate address', () => removeAlternateEmail({ actor, userId, code })],
      ['revoke an app password', () => revokeAppPassword({ actor, userId, appPasswordId: appPassword.id })],
      ['turn two-factor off', () => turnOffTwoFactor({ actor, userId, password: admin.password, code })],
      ['regenerate backup codes', () => createNewBackupCodes({ actor, userId, code })],
      ['change the challenge policy', () => setChallengePolicy({ actor, userId, challengePolicy: 'NEVER', code })],
      ['forget a remembered location', () => forgetLocation({ actor, userId, locationId: location.id })],
      ['sign out the other sessions', () => signOutOtherSessions({ actor, userId })],
      ['sign out everywhere', () => signOutEverywhere({ actor, userId })],
      ['add a phone', () => startPhoneVerification({ actor, userId, country: 'US', number: nextNumber(), channel: 'SMS' })],
      ['add an alternate address', () => startAlternateEmailVerification({ actor, userId, address: `other-${userId}@example.org`, code })],
      ['start a new authenticator', () => startTotpEnrolment({ actor, userId })],
      ['create an app password', () => createAppPassword({ actor, userId, name: 'Kiosk', code })],
      ['turn the family’s SMS logins off', () => updateOrganisationPreferences({ actor, organisationId: organisation.id, allowSmsLogins: false })],
      ['buy credits', () => startCreditPurchase({ actor, organisationId: organisation.id, packId: 'small' })],
      ['leave the family', () => removeMember({ actor, organisationId: organisation.id, userId })],
    ];
    for (const [what, attempt] of attempts) {
      const error = await expectAppError(attempt(), 'RESTRICTED_LOGIN').catch((failure: unknown) => {
        throw new Error(`${what}: ${String(failure)}`);
      });
      expect(error.status).toBe(403);
    }
    expect(APP_ERRORS.RESTRICTED_LOGIN.message).toMatch(/restricted login/);

    expect(await securityState(userId, organisation.id)).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { type: 'access.refused', userId } })).toBe(refusalsBefore + attempts.length - 3);
  });
});
