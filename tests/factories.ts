import { randomUUID } from 'node:crypto';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { createTotpSecret } from '@/lib/mfa/totp/totp-code';
import { createUser } from '@/lib/users/create-user';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/mfa/is-mfa-enabled';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A request from its own address, so per-IP limits of one test never touch another's. */
export function testRequest(): RequestContext {
  const n = () => Math.floor(Math.random() * 250) + 1;
  return { ip: `10.${n()}.${n()}.${n()}`, userAgent: 'vitest' };
}

/** A fresh user for one test; with `withTotp`, MFA is on and the secret and codes are returned. */
export async function createTestUser({ withTotp = false, role = 'USER' }: { withTotp?: boolean; role?: 'USER' | 'SUPPORT' | 'ADMIN' } = {}) {
  const email = `${role === 'USER' ? 'user' : role.toLowerCase()}-${randomUUID()}@example.test`;
  const user = await createUser({ email, password: TEST_PASSWORD, role });
  if (!withTotp) return { ...user, password: TEST_PASSWORD, totpSecret: null, backupCodes: [] as string[] };
  const totpSecret = createTotpSecret();
  const backupCodes = await prisma.$transaction(async (tx) => {
    await tx.totpCredential.create({
      data: {
        userId: user.id,
        encryptedSecret: encryptSecret({ plaintext: totpSecret, boundTo: user.id }),
        confirmedAt: new Date(),
      },
    });
    return replaceBackupCodes(tx, { userId: user.id });
  });
  return { ...user, password: TEST_PASSWORD, totpSecret, backupCodes };
}

/** A signed-in session row and the CurrentSession the account verbs take, built from the rows. */
export async function currentSessionFor(
  user: { id: string },
  { secondFactorAt }: { secondFactorAt: Date | null },
): Promise<CurrentSession> {
  const session = await prisma.session.create({
    data: { userId: user.id, secondFactorAt, expiresAt: new Date(Date.now() + 60 * 60 * 1000) },
    select: { id: true, secondFactorAt: true, createdAt: true },
  });
  const row = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, email: true, role: true, ...MFA_STATE_SELECT },
  });
  return {
    session,
    user: { id: row.id, email: row.email, role: row.role, isMfaEnabled: isMfaEnabled(row), hasAuthenticatorApp: hasAuthenticatorApp(row) },
  };
}

/** A user with an authenticator app and backup codes, with the first two codes at hand. */
export async function createMfaUser() {
  const user = await createTestUser({ withTotp: true });
  const [firstBackupCode, secondBackupCode] = user.backupCodes;
  if (!user.totpSecret || !firstBackupCode || !secondBackupCode) {
    throw new Error('createTestUser({ withTotp: true }) enrols an authenticator app and backup codes');
  }
  return { ...user, totpSecret: user.totpSecret, firstBackupCode, secondBackupCode };
}

/** The password step of an MFA account: the pending login it ends in (its cookie value and row id). */
export async function startSignIn(user: { email: string; password: string }, request: RequestContext) {
  const result = await signInWithPassword({ email: user.email, password: user.password, request });
  if (result.next !== 'second-factor') throw new Error('an MFA account must be asked for a second factor');
  const row = await prisma.pendingLogin.findUniqueOrThrow({
    where: { tokenHash: createHash('sha256').update(result.pendingLogin.token).digest('hex') },
    select: { id: true },
  });
  return { token: result.pendingLogin.token, expiresAt: result.pendingLogin.expiresAt, id: row.id };
}

/** The AppError a call was refused with; fails the test if it succeeded or threw anything else. */
export async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => ({ isRefused: false as const }),
    (error: unknown) => ({ isRefused: true as const, error }),
  );
  if (!outcome.isRefused) throw new Error('expected a refusal, but the call succeeded');
  if (!isAppError(outcome.error)) throw outcome.error;
  return outcome.error;
}

export async function expectAppError(promise: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const error = await refusalOf(promise);
  expect(error).toBeInstanceOf(AppError);
  expect(error.code).toBe(code);
  return error;
}

// rate-limiter-flexible stores each counter as a `rate_limits` row keyed `<keyPrefix>:<key>`:
// `fail:` is the consecutive-failure count, `wait:` the pause it earned, `ipfail:` the per-IP window.

/** Stands for `failures` earlier failed attempts on a throttle key, whose waits have all passed. */
export async function preloadFailures(account: string, failures: number): Promise<void> {
  await prisma.rateLimit.create({ data: { key: `fail:${account}`, points: failures, expire: null } });
}

/**
 * Stands for an address that has used up its window of failed passwords across all accounts:
 * 50 in 15 minutes, the window Gatehouse promises (written out, so that a looser limit fails).
 */
export async function blockAddressForPasswords(request: RequestContext): Promise<void> {
  await prisma.rateLimit.create({
    data: { key: `ipfail:password:${request.ip}`, points: 50, expire: BigInt(Date.now() + 15 * 60 * 1000) },
  });
}
