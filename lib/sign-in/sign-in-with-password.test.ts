import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSignInAccount } from '@/lib/sign-in/find-sign-in-account';
import { createPendingLogin, PENDING_LOGIN_TTL_MS } from '@/lib/sign-in/pending-login';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { getPgPool } from '@/lib/db/pg-pool';
import { prisma } from '@/lib/db/prisma';
import { isMfaEnabled, MFA_STATE_SELECT, SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import { countFailures, FAILURES_BEFORE_WAITING } from '@/lib/rate-limit/failure-throttle';
import { refusalOf } from '@/tests/support/errors';
import { blockAddressForPasswords, preloadFailures, passwordKey } from '@/tests/support/limits';
import { startSignIn } from '@/tests/support/sign-in';
import { createTestUser, testRequest } from '@/tests/support/users';

// The password step reads and writes through the pg pool with its own SQL, for speed (see
// `npm run bench`). These tests hold it to what the Prisma models and the throttle mean.

async function mfaStateThroughPrisma(userId: string): Promise<boolean> {
  return isMfaEnabled(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }));
}

describe('the account the password step reads', () => {
  const setups: Record<string, (userId: string) => Promise<unknown>> = {
    'no second factor': async () => undefined,
    'an authenticator app still being set up': (userId) =>
      prisma.totpCredential.create({ data: { userId, encryptedSecret: 'unused', confirmedAt: null } }),
    'a confirmed authenticator app': (userId) =>
      prisma.totpCredential.create({ data: { userId, encryptedSecret: 'unused', confirmedAt: new Date() } }),
    'a backup phone only': (userId) => prisma.phone.create({ data: { userId, number: '+14155550132', countryCode: 'US' } }),
    'two backup phones': (userId) =>
      prisma.phone.createMany({
        data: [
          { userId, number: '+14155550132', countryCode: 'US' },
          { userId, number: '+14155550133', countryCode: 'US' },
        ],
      }),
    'unused backup codes only': (userId) => prisma.backupCode.create({ data: { userId, codeHash: 'unused' } }),
    'only used backup codes': (userId) => prisma.backupCode.create({ data: { userId, codeHash: 'unused', usedAt: new Date() } }),
    'an alternate e-mail address only': (userId) => prisma.alternateEmail.create({ data: { userId, address: `alt-${userId}@example.net` } }),
  };

  for (const [name, setUp] of Object.entries(setups)) {
    it(`says MFA is on exactly when the Prisma models do, with ${name}`, async () => {
      const user = await createTestUser();
      await setUp(user.id);

      const account = await findSignInAccount({ email: user.email });

      expect(account).not.toBeNull();
      expect(account?.id).toBe(user.id);
      expect(account?.isMfaEnabled).toBe(await mfaStateThroughPrisma(user.id));
      const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
      expect(account?.passwordHash).toBe(stored.passwordHash);
    });
  }

  for (const [name, setUp] of Object.entries(setups)) {
    it(`has each kind's SQL agree with its Prisma definition in the registry, with ${name}`, async () => {
      const user = await createTestUser();
      await setUp(user.id);
      const state = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: MFA_STATE_SELECT });
      for (const kind of SECOND_FACTOR_KINDS) {
        const [row] = await prisma.$queryRawUnsafe<{ enrolled: boolean }[]>(
          `SELECT ${kind.enrolledSql} AS enrolled FROM "User" u WHERE u."id" = $1::uuid`,
          user.id,
        );
        expect({ kind: kind.method, enrolled: row?.enrolled }).toEqual({ kind: kind.method, enrolled: kind.isEnrolled(state) });
      }
    });
  }

  it('is null for an address with no account', async () => {
    expect(await findSignInAccount({ email: `nobody-${randomUUID()}@example.test` })).toBeNull();
  });
});

describe('the pending login the right password starts', () => {
  it('ends the password failure count and is recorded, all in one write', async () => {
    const user = await createTestUser({ withTotp: true });
    const account = passwordKey(user.email);
    for (let i = 0; i < FAILURES_BEFORE_WAITING - 1; i++) {
      await expect(signInWithPassword({ email: user.email, password: 'not the password at all', request: testRequest() })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    expect(await countFailures(account)).toBe(FAILURES_BEFORE_WAITING - 1);

    const request = testRequest();
    const pending = await startSignIn(user, request);

    expect(await countFailures(account)).toBe(0);
    const row = await prisma.pendingLogin.findUniqueOrThrow({ where: { id: pending.id }, select: { userId: true, ip: true, userAgent: true } });
    expect(row).toEqual({ userId: user.id, ip: request.ip, userAgent: request.userAgent });
    const audit = await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'sign_in.password_verified' }, select: { ip: true } });
    expect(audit).toEqual([{ ip: request.ip }]);
  });

  for (const timeZone of ['Asia/Tokyo', 'America/Los_Angeles']) {
    it(`lasts ten minutes however the server's clock is zoned (${timeZone})`, async () => {
      const user = await createTestUser({ withTotp: true });
      const zoneBefore = process.env.TZ;
      process.env.TZ = timeZone;
      try {
        expect(new Date().getTimezoneOffset()).not.toBe(0);
        const pending = await startSignIn(user, testRequest());
        const row = await prisma.pendingLogin.findUniqueOrThrow({ where: { id: pending.id }, select: { expiresAt: true } });
        expect(row.expiresAt.toISOString()).toBe(pending.expiresAt.toISOString());
        expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(PENDING_LOGIN_TTL_MS);
        expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(PENDING_LOGIN_TTL_MS - 60_000);
      } finally {
        if (zoneBefore === undefined) delete process.env.TZ;
        else process.env.TZ = zoneBefore;
      }
    });
  }

  it('leaves the failure count and writes nothing when any part of the write fails', async () => {
    const user = await createTestUser({ withTotp: true });
    const account = passwordKey(user.email);
    await preloadFailures(account, 3);
    const missingUserId = randomUUID();

    // No such user: the pending login's foreign key fails, so the whole statement must roll back.
    await expect(
      createPendingLogin({ userId: missingUserId, request: testRequest(), clearingFailuresOf: account }),
    ).rejects.toThrow();

    expect(await countFailures(account)).toBe(3);
    expect(await prisma.pendingLogin.count({ where: { userId: missingUserId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: missingUserId } })).toBe(0);
  });
});

describe('an address over its failure window', () => {
  it('is refused without moving the count of the account it tried', async () => {
    const user = await createTestUser();
    const sprayer = testRequest();
    await blockAddressForPasswords(sprayer);

    for (let i = 0; i < 3; i++) {
      expect((await refusalOf(signInWithPassword({ email: user.email, password: user.password, request: sprayer }))).code).toBe(
        'TOO_MANY_ATTEMPTS',
      );
    }

    expect(await countFailures(passwordKey(user.email))).toBe(0);
  });

  it('cannot lock an account with a burst of attempts, which would otherwise pass the cap of 100 at once', async () => {
    const user = await createTestUser();
    const sprayer = testRequest();
    await blockAddressForPasswords(sprayer);

    const refusals = await Promise.all(
      Array.from({ length: 150 }, () => refusalOf(signInWithPassword({ email: user.email, password: user.password, request: sprayer }))),
    );

    expect(new Set(refusals.map((refusal) => refusal.code))).toEqual(new Set(['TOO_MANY_ATTEMPTS']));
    expect(await countFailures(passwordKey(user.email))).toBe(0);
    await expect(signInWithPassword({ email: user.email, password: user.password, request: testRequest() })).resolves.toMatchObject({
      next: 'signed-in',
    });
  });
});

describe('durability', () => {
  // Throttle counters and pending logins commit asynchronously (lib/db/pg-pool.ts); sessions,
  // everything that changes how an account signs in, and their audit rows go through Prisma and
  // must not.
  it('only the soft-state pool commits asynchronously; Prisma commits wait for the disk', async () => {
    const { rows } = await getPgPool().query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    expect(rows).toEqual([{ synchronous_commit: 'off' }]);
    const throughPrisma = await prisma.$queryRaw<{ synchronous_commit: string }[]>`SHOW synchronous_commit`;
    expect(throughPrisma).toEqual([{ synchronous_commit: 'on' }]);
  });
});
