import { selfActorFor } from '@/tests/support/users';
import { selfActor } from '@/lib/core/actor';
import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { ZSecondFactorCodeSchema, ZTotpCodeSchema } from '@/lib/mfa/code-schema';
import { turnOffTwoFactor } from '@/lib/mfa/turn-off-two-factor';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { verifySecondFactor } from '@/lib/mfa/verify-second-factor';
import { appCode, stepsFromNow, wrongAppCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { createTestUser, currentSessionFor, TEST_PASSWORD, testRequest } from '@/tests/support/users';

type TestUser = { id: string; email: string };

async function storedSecret(userId: string): Promise<string> {
  const credential = await prisma.totpCredential.findUniqueOrThrow({ where: { userId }, select: { encryptedSecret: true } });
  return decryptSecret({ sealed: credential.encryptedSecret, boundTo: userId });
}

/** Everything about a user's second factor that a security change could touch. */
async function securityState(user: TestUser) {
  const [credential, backupCodes, auditTypes, messages, sessions] = await Promise.all([
    prisma.totpCredential.findUnique({
      where: { userId: user.id },
      select: { encryptedSecret: true, confirmedAt: true, lastUsedStep: true },
    }),
    prisma.backupCode.findMany({ where: { userId: user.id }, select: { id: true, codeHash: true, usedAt: true }, orderBy: { id: 'asc' } }),
    prisma.auditEvent.findMany({ where: { userId: user.id }, select: { type: true }, orderBy: { createdAt: 'asc' } }),
    prisma.outboundMessage.findMany({ where: { to: user.email }, select: { id: true, subject: true, status: true } }),
    prisma.session.count({ where: { userId: user.id } }),
  ]);
  return { credential, backupCodes, auditTypes: auditTypes.map((event) => event.type), messages, sessions };
}

/** The transaction id that wrote the row's current version: rows of one commit share it. */
async function writerXid(table: 'TotpCredential' | 'AuditEvent' | 'BackupCode', where: { userId: string; type?: string }): Promise<string[]> {
  if (table === 'TotpCredential') {
    return (await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "TotpCredential" WHERE "userId" = ${where.userId}::uuid`).map(
      (row) => row.xid,
    );
  }
  if (table === 'BackupCode') {
    return (await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "BackupCode" WHERE "userId" = ${where.userId}::uuid`).map(
      (row) => row.xid,
    );
  }
  return (
    await prisma.$queryRaw<{ xid: string }[]>`SELECT xmin::text AS xid FROM "AuditEvent" WHERE "userId" = ${where.userId}::uuid AND "type" = ${where.type}`
  ).map((row) => row.xid);
}


async function enrolledUser() {
  const user = await createTestUser();
  await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
  const secret = await storedSecret(user.id);
  const { backupCodes } = await enableTotp({ actor: await selfActorFor(user), userId: user.id, code: ZTotpCodeSchema.parse(appCode(secret)) });
  return { user, secret, backupCodes };
}

describe('turning TOTP on', () => {
  it('with a real code from the stored secret turns MFA on, returns 10 backup codes, audits and e-mails in one commit', async () => {
    const user = await createTestUser();
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const before = await securityState(user);
    expect(before.credential?.confirmedAt).toBeNull();
    expect(before.backupCodes).toHaveLength(0);

    const secret = await storedSecret(user.id);
    const code = ZTotpCodeSchema.parse(appCode(secret));
    const { backupCodes } = await enableTotp({ actor: await selfActorFor(user, { request: testRequest() }), userId: user.id, code });

    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const backupCode of backupCodes) expect(backupCode).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);

    const after = await securityState(user);
    expect(after.credential?.confirmedAt).toBeInstanceOf(Date);
    // The step that proved the app is spent: the same code cannot sign in afterwards.
    expect(after.credential?.lastUsedStep).toBeGreaterThan(0);
    expect(after.backupCodes).toHaveLength(10);
    // Stored only as hashes: no plain code appears in the table.
    for (const row of after.backupCodes) {
      expect(row.codeHash).toMatch(/^\$argon2id\$/);
      for (const backupCode of backupCodes) expect(row.codeHash).not.toContain(backupCode.replace(/-/g, ''));
    }
    expect(after.auditTypes.filter((type) => type === 'mfa.enabled')).toHaveLength(1);
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toMatchObject({ subject: 'Gatehouse: Two-factor authentication is now on', status: 'STORED' });

    const message = await prisma.outboundMessage.findUniqueOrThrow({ where: { id: after.messages[0]?.id }, select: { channel: true, body: true, provider: true } });
    expect(message.channel).toBe('EMAIL');
    expect(message.provider).toBe('outbox');
    expect(message.body).toMatch(/If it was not you/);

    // The confirmation, the backup codes and the audit row were written by one transaction.
    const [credentialXid] = await writerXid('TotpCredential', { userId: user.id });
    const auditXids = await writerXid('AuditEvent', { userId: user.id, type: 'mfa.enabled' });
    const backupXids = new Set(await writerXid('BackupCode', { userId: user.id }));
    expect(credentialXid).toBeTruthy();
    expect(auditXids).toEqual([credentialXid]);
    expect([...backupXids]).toEqual([credentialXid]);
  });

  it('with a wrong code changes nothing: still unconfirmed, no codes, no audit, no e-mail', async () => {
    const user = await createTestUser();
    const actor = await selfActorFor(user);
    await startTotpEnrolment({ actor, userId: user.id });
    const secret = await storedSecret(user.id);
    const before = await securityState(user);

    const error = await expectAppError(
      enableTotp({ actor, userId: user.id, code: ZTotpCodeSchema.parse(wrongAppCode(secret)) }),
      'ENROLMENT_CODE_MISMATCH',
    );
    expect(error.userMessage).toMatch(/does not match/);

    const after = await securityState(user);
    expect(after).toEqual(before);
    expect(after.credential?.confirmedAt).toBeNull();
    expect(after.auditTypes).not.toContain('mfa.enabled');
    expect(after.messages).toHaveLength(0);
    expect(after.backupCodes).toHaveLength(0);
  });

  it('stores the secret sealed, never as the plaintext base32, and the secret is 160 bits', async () => {
    const user = await createTestUser();
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const { encryptedSecret } = await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { encryptedSecret: true } });
    const secret = decryptSecret({ sealed: encryptedSecret, boundTo: user.id });

    expect(secret).toMatch(/^[A-Z2-7]+$/);
    // 32 base32 characters of 5 bits each, no padding: 160 bits.
    expect(secret.length * 5).toBe(160);
    expect(encryptedSecret).not.toContain(secret);
    expect(encryptedSecret).not.toContain(secret.slice(0, 10));
    expect(encryptedSecret.startsWith('v1.')).toBe(true);
    // Bound to its owner: the same value does not open for another account.
    const other = await createTestUser();
    expect(() => decryptSecret({ sealed: encryptedSecret, boundTo: other.id })).toThrow();
  });

  it('starting again before confirming replaces the secret; once on, it cannot be restarted', async () => {
    const user = await createTestUser();
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const first = await storedSecret(user.id);
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const second = await storedSecret(user.id);
    expect(second).not.toBe(first);

    // A code from the abandoned secret does not confirm the new one.
    const staleCode = appCode(first);
    const currentCodes = [-1, 0, 1].map((offset) => appCode(second, stepsFromNow(offset)));
    if (!currentCodes.includes(staleCode)) {
      await expectAppError(enableTotp({ actor: await selfActorFor(user, { request: testRequest() }), userId: user.id, code: staleCode }), 'ENROLMENT_CODE_MISMATCH');
    }

    await enableTotp({ actor: await selfActorFor(user, { request: testRequest() }), userId: user.id, code: appCode(second) });
    await expectAppError(startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id }), 'MFA_ALREADY_ENABLED');
    expect(await storedSecret(user.id)).toBe(second);
  });

  it('bad input in the Token field fails with a clear message and the database is unchanged', async () => {
    const user = await createTestUser();
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const before = await securityState(user);

    const cases: Array<[string, RegExp | string]> = [
      ['', 'Enter the 6-digit code from your authenticator app.'],
      ['12345', 'Authenticator codes are exactly 6 digits.'],
      ['1234567', 'Authenticator codes are exactly 6 digits.'],
      ['abcdef', 'Authenticator codes are exactly 6 digits.'],
      ['12a456', 'Authenticator codes are exactly 6 digits.'],
      ['7'.repeat(100_000), 'That is too long to be a code.'],
    ];
    for (const [input, expected] of cases) {
      const result = ZTotpCodeSchema.safeParse(input);
      expect(result.success, `input of length ${input.length}`).toBe(false);
      if (result.success) continue;
      expect(result.error.issues).toHaveLength(1);
      const message = result.error.issues[0]?.message ?? '';
      if (typeof expected === 'string') expect(message).toBe(expected);
      else expect(message).toMatch(expected);
      expect(message.length).toBeLessThan(80);
    }

    expect(await securityState(user)).toEqual(before);
  });
});

describe('turning TOTP off', () => {
  it('with a wrong password changes nothing and spends no code; with the password and a current code removes everything and notifies', async () => {
    const { user, secret } = await enrolledUser();
    const before = await securityState(user);
    expect(before.backupCodes).toHaveLength(10);
    const request = testRequest();

    // The current step was spent by enrolment; the next one is within the ±1 window now.
    const code = ZSecondFactorCodeSchema.parse(appCode(secret, stepsFromNow(1)));

    const wrongPassword = await expectAppError(turnOffTwoFactor({ actor: await selfActorFor(user, { request: request }), userId: user.id, password: 'not the password at all', code }), 'INVALID_PASSWORD');
    expect(wrongPassword.fieldErrors?.password).toEqual(['That password is not correct.']);
    const afterWrongPassword = await securityState(user);
    expect(afterWrongPassword.credential).toEqual(before.credential);
    expect(afterWrongPassword.backupCodes).toEqual(before.backupCodes);
    expect(afterWrongPassword.messages).toEqual(before.messages);
    expect(afterWrongPassword.auditTypes).not.toContain('mfa.disabled');

    await expectAppError(
      turnOffTwoFactor({ actor: await selfActorFor(user, { request: request }), userId: user.id, password: TEST_PASSWORD, code: ZSecondFactorCodeSchema.parse(wrongAppCode(secret)) }),
      'INVALID_CODE',
    );
    const afterWrongCode = await securityState(user);
    expect(afterWrongCode.credential).toEqual(before.credential);
    expect(afterWrongCode.backupCodes).toEqual(before.backupCodes);
    expect(afterWrongCode.messages).toEqual(before.messages);
    expect(afterWrongCode.auditTypes).not.toContain('mfa.disabled');

    // The very code offered with the wrong password still works: it was never spent.
    await turnOffTwoFactor({ actor: await selfActorFor(user, { request: request }), userId: user.id, password: TEST_PASSWORD, code });

    const after = await securityState(user);
    expect(after.credential).toBeNull();
    expect(after.backupCodes).toHaveLength(0);
    expect(after.auditTypes.filter((type) => type === 'mfa.disabled')).toHaveLength(1);
    const newMessages = after.messages.filter((message) => !before.messages.some((old) => old.id === message.id));
    expect(newMessages).toHaveLength(1);
    expect(newMessages[0]).toMatchObject({ subject: 'Gatehouse: Two-factor authentication was turned off', status: 'STORED' });

    // Signing in now needs the password only.
    const signIn = await signInWithPassword({ email: user.email, password: TEST_PASSWORD, request: testRequest() });
    expect(signIn.next).toBe('signed-in');
  });

  it('with a backup code instead of the app code also works, and is refused when MFA is already off', async () => {
    const { user, backupCodes } = await enrolledUser();
    const request = testRequest();
    await turnOffTwoFactor({ actor: await selfActorFor(user, { request: request }), userId: user.id, password: TEST_PASSWORD, code: ZSecondFactorCodeSchema.parse(backupCodes[0]) });
    expect((await securityState(user)).credential).toBeNull();
    await expectAppError(
      turnOffTwoFactor({ actor: await selfActorFor(user, { request: request }), userId: user.id, password: TEST_PASSWORD, code: ZSecondFactorCodeSchema.parse(backupCodes[1]) }),
      'MFA_NOT_ENABLED',
    );
  });
});

describe('new backup codes', () => {
  it('replace the whole set: old codes stop working, new ones work; audited and e-mailed', async () => {
    const user = await createTestUser({ withTotp: true });
    const oldCodes = user.backupCodes;
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const before = await securityState(user);
    expect(before.backupCodes).toHaveLength(10);

    const newCodes = await createNewBackupCodes({ actor: selfActor(current, testRequest()), userId: current.user.id, code: null });
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => oldCodes.includes(code))).toHaveLength(0);

    const after = await securityState(user);
    expect(after.backupCodes).toHaveLength(10);
    expect(after.backupCodes.filter((row) => before.backupCodes.some((old) => old.id === row.id))).toHaveLength(0);
    expect(after.auditTypes.filter((type) => type === 'backup_codes.regenerated')).toHaveLength(1);
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toMatchObject({ subject: 'Gatehouse: New backup codes were created', status: 'STORED' });

    // An old code through the shared check used by re-authentication and disabling.
    await expectAppError(
      verifySecondFactor({
        actor: { kind: 'visitor', request: testRequest() },
        userId: user.id,
        code: ZSecondFactorCodeSchema.parse(oldCodes[0]),
        failureEvent: 'sign_in.second_factor_failed',
        onVerified: async () => 'verified',
      }),
      'INVALID_CODE',
    );

    // An old code at the token prompt of a real sign-in.
    const request = testRequest();
    const first = await signInWithPassword({ email: user.email, password: user.password, request });
    if (first.next !== 'second-factor') throw new Error('expected the token prompt');
    await expectAppError(
      completeSignIn({ pendingLoginToken: first.pendingLogin.token, code: ZSecondFactorCodeSchema.parse(oldCodes[1]), request }),
      'INVALID_CODE',
    );
    // No session beyond the one this test signed in with.
    expect(await prisma.session.count({ where: { userId: user.id, id: { not: current.session.id } } })).toBe(0);

    // A new code completes the same sign-in, once.
    const session = await completeSignIn({
      pendingLoginToken: first.pendingLogin.token,
      code: ZSecondFactorCodeSchema.parse(newCodes[0]),
      request,
    });
    expect(session.userId).toBe(user.id);
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });

  it('are refused when MFA is off, and nothing is written', async () => {
    const user = await createTestUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const before = await securityState(user);
    await expectAppError(createNewBackupCodes({ actor: selfActor(current, testRequest()), userId: current.user.id, code: null }), 'MFA_NOT_ENABLED');
    expect(await securityState(user)).toEqual(before);
  });

  it('need a second factor proven in the last few minutes, or a current code; without one nothing changes', async () => {
    const user = await createTestUser({ withTotp: true });
    const stale = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    const before = await securityState(user);
    await expectAppError(createNewBackupCodes({ actor: selfActor(stale, testRequest()), userId: stale.user.id, code: null }), 'REAUTH_REQUIRED');
    expect(await securityState(user)).toEqual(before);
    const codes = await createNewBackupCodes({
      actor: selfActor(stale, testRequest()),
      userId: user.id,
      code: { method: 'backup_code', response: (user.backupCodes[0] as string).replace(/-/g, '') },
    });
    expect(codes).toHaveLength(10);
  });
});

describe('adding an app to an account already protected by a backup phone', () => {
  it('needs a second factor proven in this session moments ago, and is notified as a method added', async () => {
    const user = await createTestUser();
    await prisma.phone.create({ data: { userId: user.id, number: '+12065550177', countryCode: 'US' } });
    await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
    const code = appCode(await storedSecret(user.id));

    // A session that proved no factor (signed in before the phone was added), then a stale one.
    await expectAppError(enableTotp({ actor: await selfActorFor(user, { secondFactorAt: null }), userId: user.id, code }), 'REAUTH_BY_SIGNING_IN');
    const stale = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    await expectAppError(enableTotp({ actor: selfActor(stale, testRequest()), userId: user.id, code }), 'REAUTH_BY_SIGNING_IN');
    expect(await prisma.totpCredential.findUniqueOrThrow({ where: { userId: user.id }, select: { confirmedAt: true } })).toEqual({ confirmedAt: null });

    const recent = await currentSessionFor(user, { secondFactorAt: new Date() });
    await enableTotp({ actor: selfActor(recent, testRequest()), userId: user.id, code });
    const types = (await prisma.auditEvent.findMany({ where: { userId: user.id }, select: { type: true } })).map((row) => row.type);
    expect(types).toContain('totp.added');
    expect(types).not.toContain('mfa.enabled');
    expect(await prisma.outboundMessage.count({ where: { to: user.email, body: { contains: 'An authenticator app was added' } } })).toBe(1);
  });
});
