import { describe, expect, it } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { prisma } from '@/lib/db/prisma';
import { FAILURES_BEFORE_WAITING, countFailures } from '@/lib/rate-limit/failure-throttle';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { mailLoginKey, passwordKey } from '@/tests/support/limits';
import { countMessagesTo, latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedPhone, createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { newBackupCodeSet, replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';

const nextNumber = phoneNumbers('318');

// Every kind of mailbox a mail client may meet, by its second factors.
const FACTOR_STATES = {
  'no second factor': async () => undefined,
  'backup codes only (two-factor still off)': async (userId: string) => {
    const set = await newBackupCodeSet();
    await prisma.$transaction((tx) => replaceBackupCodes(tx, { userId, set }));
  },
  'an authenticator app': async (userId: string) => {
    await prisma.totpCredential.create({
      data: { userId, encryptedSecret: encryptSecret({ plaintext: createTotpSecret(), boundTo: userId }), confirmedAt: new Date() },
    });
  },
  'a backup phone': async (userId: string) => {
    await addConfirmedPhone(userId, nextNumber());
  },
} as const;
type FactorState = keyof typeof FACTOR_STATES;
const TWO_FACTOR_ON: Record<FactorState, boolean> = {
  'no second factor': false,
  'backup codes only (two-factor still off)': false,
  'an authenticator app': true,
  'a backup phone': true,
};

const SECRET_KINDS = ['app password', 'account password', 'wrong password', 'revoked app password', 'another mailbox’s app password'] as const;
type SecretKind = (typeof SECRET_KINDS)[number];

function expected(state: FactorState, allowAppPasswords: boolean, secret: SecretKind) {
  switch (secret) {
    case 'app password':
      return allowAppPasswords ? { result: 'accept', via: 'app_password' } : { result: 'refuse', reason: 'MAIL_APP_PASSWORDS_OFF' };
    case 'account password':
      return TWO_FACTOR_ON[state] ? { result: 'refuse', reason: 'MAIL_APP_PASSWORD_NEEDED' } : { result: 'accept', via: 'account_password' };
    default:
      return { result: 'refuse', reason: 'INVALID_CREDENTIALS' };
  }
}

/** A mailbox in a brand of its own, in `state`, holding an app password and a revoked one, with the brand's setting as given. */
async function mailboxIn(state: FactorState, allowAppPasswords: boolean) {
  const brand = await createTestBrand();
  const user = await createTestUser({ domain: brand.domain });
  const other = await createTestUser({ domain: brand.domain });
  const appPassword = await createTestAppPassword(user);
  const revoked = await createTestAppPassword(user);
  await prisma.appPassword.delete({ where: { id: revoked.id } });
  const theirs = await createTestAppPassword(other);
  await FACTOR_STATES[state](user.id);
  // Turned off after creating, as a brand would: the passwords are kept, and must stop working.
  if (!allowAppPasswords) await updateBrandSettings({ actor: consoleActor('vitest'), brandId: brand.id, changes: { allowAppPasswords: false } });
  const secrets: Record<SecretKind, string> = {
    'app password': appPassword.password,
    'account password': user.password,
    'wrong password': 'not the password at all',
    'revoked app password': revoked.password,
    'another mailbox’s app password': theirs.password,
  };
  return { user, secrets };
}

describe('one decision for every mail login', () => {
  for (const state of Object.keys(FACTOR_STATES) as FactorState[]) {
    for (const allowAppPasswords of [true, false]) {
      it(`a mailbox with ${state}, brand ${allowAppPasswords ? 'allowing' : 'not allowing'} app passwords`, async () => {
        const { user, secrets } = await mailboxIn(state, allowAppPasswords);
        for (const secret of SECRET_KINDS) {
          const decision = await mailLogin({ email: user.email, password: secrets[secret] });
          expect({ secret, ...decision }).toMatchObject({ secret, ...expected(state, allowAppPasswords, secret) });
        }
      });
    }
  }

  it('answers the same for every protocol, and records when, where and over which protocol an app password was used', async () => {
    const user = await createTestUser();
    const created = await createTestAppPassword(user);
    for (const service of ['imap', 'pop3', 'submission'] as const) {
      await expect(mailLogin({ email: user.email, password: created.password }, { service, clientIp: '198.51.100.7' })).resolves.toMatchObject({
        result: 'accept',
      });
    }
    const row = await prisma.appPassword.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ lastUsedIp: '198.51.100.7', lastUsedProtocol: 'SUBMISSION' });
    expect(row.lastUsedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('takes an app password typed without dashes, with spaces or a capital first letter', async () => {
    const user = await createTestUser();
    const { password } = await createTestAppPassword(user);
    const letters = password.replace(/-/g, '');
    for (const typed of [letters, password.replace(/-/g, ' '), letters.charAt(0).toUpperCase() + letters.slice(1)]) {
      await expect(mailLogin({ email: user.email, password: typed })).resolves.toMatchObject({ result: 'accept' });
    }
  });

  it('refuses an unknown mailbox like a wrong password', async () => {
    await expect(mailLogin({ email: 'nobody-at-all@example.test', password: 'whatever it is' })).resolves.toEqual({
      result: 'refuse',
      reason: 'INVALID_CREDENTIALS',
    });
  });

  it('turning the brand setting back on restores the kept app passwords', async () => {
    const brand = await createTestBrand();
    const user = await createTestUser({ domain: brand.domain });
    const { password } = await createTestAppPassword(user);
    const operator = consoleActor('vitest');
    await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { allowAppPasswords: false } });
    await expect(mailLogin({ email: user.email, password })).resolves.toMatchObject({ reason: 'MAIL_APP_PASSWORDS_OFF' });
    await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { allowAppPasswords: null } });
    await expect(mailLogin({ email: user.email, password })).resolves.toMatchObject({ result: 'accept' });
  });
});

describe('the account password of a mailbox with two-factor on', () => {
  it('is refused with its reason, shown to the owner, and e-mailed at most once a day', async () => {
    const user = await createTestUser({ withTotp: true });
    const before = await countMessagesTo(user.email);
    for (let i = 0; i < 3; i++) {
      await expect(mailLogin({ email: user.email, password: user.password }, { service: 'pop3', clientIp: '198.51.100.9' })).resolves.toEqual({
        result: 'refuse',
        reason: 'MAIL_APP_PASSWORD_NEEDED',
      });
    }
    const refusal = await prisma.mailPasswordRefusal.findUniqueOrThrow({ where: { userId: user.id } });
    expect(refusal).toMatchObject({ lastIp: '198.51.100.9', protocol: 'POP3' });
    expect(await countMessagesTo(user.email)).toBe(before + 1);
    const message = await latestMessageTo(user.email);
    expect(message.subject).toBe('Gatehouse: A mail app tried your account password');
    expect(message.body).toContain('over POP3');
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'mail_login.refused' } })).toBe(1);

    // A day later, the next refusal is told again.
    await prisma.mailPasswordRefusal.update({ where: { userId: user.id }, data: { notifiedAt: new Date(Date.now() - 25 * 60 * 60 * 1000) } });
    await mailLogin({ email: user.email, password: user.password });
    expect(await countMessagesTo(user.email)).toBe(before + 2);
  });

  it('parallel refusals send one e-mail', async () => {
    const user = await createTestUser({ withTotp: true });
    const before = await countMessagesTo(user.email);
    await Promise.all(Array.from({ length: 4 }, () => mailLogin({ email: user.email, password: user.password })));
    expect(await countMessagesTo(user.email)).toBe(before + 1);
  });

  it('does not count as a guess: the mail-login failure count is unchanged', async () => {
    const user = await createTestUser({ withTotp: true });
    await mailLogin({ email: user.email, password: 'a wrong one' });
    await mailLogin({ email: user.email, password: user.password });
    expect(await countFailures(mailLoginKey(user.email))).toBe(1);
  });
});

describe('mail-login throttling', () => {
  it('wrong passwords count on keys of their own: the web sign-in of the mailbox still works', async () => {
    const user = await createTestUser();
    const clientIp = testRequest().ip;
    for (let i = 0; i < FAILURES_BEFORE_WAITING; i++) {
      await expect(mailLogin({ email: user.email, password: `wrong ${i}` }, { clientIp })).resolves.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    }
    // The next try must wait, even with the right password.
    await expect(mailLogin({ email: user.email, password: user.password }, { clientIp })).resolves.toMatchObject({
      result: 'refuse',
      reason: 'TOO_MANY_ATTEMPTS',
    });
    expect(await countFailures(passwordKey(user.email))).toBe(0);
    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({ next: 'signed-in' });
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'mail_login.failed' } })).toBe(FAILURES_BEFORE_WAITING);
  });

  it('a locked mail login says so, yet the mailbox’s app passwords (which no one can guess) still work', async () => {
    const user = await createTestUser();
    const { password } = await createTestAppPassword(user);
    await prisma.rateLimit.create({ data: { key: `fail:${mailLoginKey(user.email)}`, points: 100, expire: null } });
    await expect(mailLogin({ email: user.email, password: user.password })).resolves.toMatchObject({ reason: 'ACCOUNT_LOCKED' });
    await expect(mailLogin({ email: user.email, password: 'abcd-efgh-ijkl-mnop-qrst-uvwx-yzab' })).resolves.toMatchObject({ reason: 'ACCOUNT_LOCKED' });
    await expect(mailLogin({ email: user.email, password })).resolves.toMatchObject({ result: 'accept', via: 'app_password' });
  });

  it('the web’s failures never lock mail clients', async () => {
    const other = await createTestUser();
    await prisma.rateLimit.create({ data: { key: `fail:${passwordKey(other.email)}`, points: 100, expire: null } });
    await expect(mailLogin({ email: other.email, password: other.password })).resolves.toMatchObject({ result: 'accept' });
  });
});
