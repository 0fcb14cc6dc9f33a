import { describe, expect, it } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';
import { countFailures } from '@/lib/rate-limit/failure-throttle';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { mailLoginKey } from '@/tests/support/limits';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { createTestUser } from '@/tests/support/users';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A mailbox without a second factor holding an app password (made before its brand required 2FA). */
async function mailboxUnder(settings: Parameters<typeof createTestBrand>[0]) {
  const brand = await createTestBrand();
  const user = await createTestUser({ domain: brand.domain });
  const appPassword = await createTestAppPassword(user);
  if (settings && Object.keys(settings).length > 0) await updateBrandSettings({ actor: consoleActor('vitest'), brandId: brand.id, changes: settings });
  return { brand, user, appPassword: appPassword.password };
}

async function deadlineOf(userId: string): Promise<Date | null> {
  return (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { enrolmentDeadline: true } })).enrolmentDeadline;
}

async function addAuthenticator(userId: string) {
  await prisma.totpCredential.create({ data: { userId, encryptedSecret: encryptSecret({ plaintext: createTotpSecret(), boundTo: userId }), confirmedAt: new Date() } });
}

describe('mail logins under a brand that requires two-factor authentication', () => {
  it('once the enrolment period is over, refuse the account password and every app password, and tell the owner', async () => {
    const { brand, user, appPassword } = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 0 });
    const before = await countMessagesTo(user.email);
    // The first mail login under the requirement starts the period (here of no days), as the web's would.
    expect(await mailLogin({ email: user.email, password: user.password }, { service: 'smtp' })).toEqual({ result: 'refuse', reason: 'MAIL_TWO_FACTOR_OVERDUE' });
    expect(await deadlineOf(user.id)).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'enrolment.period_started' } })).toBe(1);
    expect(await mailLogin({ email: user.email, password: appPassword })).toEqual({ result: 'refuse', reason: 'MAIL_TWO_FACTOR_OVERDUE' });
    expect(await mailLogin({ email: user.email, password: appPassword }, { service: 'pop3' })).toEqual({ result: 'refuse', reason: 'MAIL_TWO_FACTOR_OVERDUE' });

    const message = await latestMessageTo(user.email, 'EMAIL');
    // The mailbox's brand speaks, as in every message.
    expect(message.subject).toBe(`Brand ${brand.slug}: A mail app was refused: set up two-factor authentication`);
    expect(message.body).toContain('over SMTP submission');
    expect(await countMessagesTo(user.email)).toBe(before + 1);
    expect(await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'mail_login.refused' }, select: { detail: true } })).toEqual(
      expect.arrayContaining([{ detail: expect.objectContaining({ reason: 'MAIL_TWO_FACTOR_OVERDUE' }) }]),
    );
    // A right secret refused by policy is not a guess.
    expect(await countFailures(mailLoginKey(user.email))).toBe(0);
    // A wrong password is still just a wrong password.
    expect(await mailLogin({ email: user.email, password: 'not the password' })).toEqual({ result: 'refuse', reason: 'INVALID_CREDENTIALS' });
  });

  it('enrolling brings the app passwords back; the account password then needs an app password instead', async () => {
    const { user, appPassword } = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 0 });
    expect(await mailLogin({ email: user.email, password: appPassword })).toMatchObject({ reason: 'MAIL_TWO_FACTOR_OVERDUE' });
    await addAuthenticator(user.id);
    expect(await mailLogin({ email: user.email, password: appPassword })).toEqual({ result: 'accept', userId: user.id, via: 'app_password' });
    expect(await mailLogin({ email: user.email, password: user.password })).toEqual({ result: 'refuse', reason: 'MAIL_APP_PASSWORD_NEEDED' });
  });

  it('during the period both still work, and the period the mail login started is the one the web sign-in sees', async () => {
    const { user, appPassword } = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 14 });
    expect(await mailLogin({ email: user.email, password: appPassword })).toMatchObject({ result: 'accept' });
    const deadline = await deadlineOf(user.id);
    expect(deadline?.getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);
    expect(await mailLogin({ email: user.email, password: user.password })).toMatchObject({ result: 'accept', via: 'account_password' });
    expect(await deadlineOf(user.id)).toEqual(deadline);

    // The period is never renewed: once its deadline passes, mail is refused too.
    await prisma.user.update({ where: { id: user.id }, data: { enrolmentDeadline: new Date(Date.now() - 1000) } });
    expect(await mailLogin({ email: user.email, password: appPassword })).toMatchObject({ reason: 'MAIL_TWO_FACTOR_OVERDUE' });
    expect(await mailLogin({ email: user.email, password: user.password })).toMatchObject({ reason: 'MAIL_TWO_FACTOR_OVERDUE' });
  });

  it('a requirement not yet in force, or withdrawn, refuses nothing', async () => {
    const later = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
    const upcoming = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 0, enforceFrom: later });
    expect(await mailLogin({ email: upcoming.user.email, password: upcoming.user.password })).toMatchObject({ result: 'accept' });
    expect(await mailLogin({ email: upcoming.user.email, password: upcoming.appPassword })).toMatchObject({ result: 'accept' });
    expect(await deadlineOf(upcoming.user.id)).toBeNull();

    const withdrawn = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 0 });
    expect(await mailLogin({ email: withdrawn.user.email, password: withdrawn.appPassword })).toMatchObject({ reason: 'MAIL_TWO_FACTOR_OVERDUE' });
    await updateBrandSettings({ actor: consoleActor('vitest'), brandId: withdrawn.brand.id, changes: { requireTwoFactor: false } });
    expect(await mailLogin({ email: withdrawn.user.email, password: withdrawn.appPassword })).toMatchObject({ result: 'accept' });
    expect(await mailLogin({ email: withdrawn.user.email, password: withdrawn.user.password })).toMatchObject({ result: 'accept' });
  });

  it('a guess never starts the period: only a password of the mailbox does', async () => {
    const { user } = await mailboxUnder({ requireTwoFactor: true, enrolmentDays: 0 });
    expect(await mailLogin({ email: user.email, password: 'abcd-efgh-ijkl-mnop-qrst-uvwx-yzab' })).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect(await mailLogin({ email: user.email, password: 'not the password' })).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect(await deadlineOf(user.id)).toBeNull();
  });

  it('a brand that does not require it never starts a period from a mail login', async () => {
    const { user, appPassword } = await mailboxUnder({});
    expect(await mailLogin({ email: user.email, password: appPassword })).toMatchObject({ result: 'accept' });
    expect(await mailLogin({ email: user.email, password: user.password })).toMatchObject({ result: 'accept' });
    expect(await deadlineOf(user.id)).toBeNull();
  });
});
