// Test people and their factors, written straight to the database (test setup, not the flows
// under test). Vitest, and Playwright through e2e/seed.ts: these use the '@/' alias and Prisma.
import { randomUUID } from 'node:crypto';
import { selfActor, type Actor } from '@/lib/core/actor';
import { consoleActor } from '@/lib/core/console-actor';
import type { HeldRole } from '@/lib/core/roles';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { formatBackupCode } from '@/lib/core/factor-kinds/codes/backup-code-format';
import { newBackupCodeSet, replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';
import { createUser } from '@/lib/users/create-user';
import { TEST_PASSWORD } from './accounts';
import { takeReusedBackupCodes, withReusedPasswordHash } from './reused-hashes';

export { TEST_PASSWORD };

/** A request from its own address, so per-IP limits of one test never touch another's. */
export function testRequest(): RequestContext {
  const n = () => Math.floor(Math.random() * 250) + 1;
  return { ip: `10.${n()}.${n()}.${n()}`, userAgent: 'vitest' };
}

/** The operator at the console, as the command line acts: who creates the tests' accounts. */
export const TEST_CONSOLE = consoleActor('vitest');

// The roles tests ask for by their old short names: the platform's staff.
const PLATFORM_ROLE = { SUPPORT: 'PLATFORM_SUPPORT', ADMIN: 'PLATFORM_ADMIN' } as const;

/**
 * A fresh user for one test; with `withTotp`, MFA is on and the secret and codes are returned.
 * `domain` puts the mailbox in the brand owning that domain; `roles` are staff roles held.
 */
export async function createTestUser({
  withTotp = false,
  role = 'USER',
  domain = 'example.test',
  roles = [],
}: { withTotp?: boolean; role?: 'USER' | 'SUPPORT' | 'ADMIN'; domain?: string; roles?: HeldRole[] } = {}) {
  const email = `${role === 'USER' ? 'user' : role.toLowerCase()}-${randomUUID()}@${domain}`;
  // The real verb; only its argon2id hash of TEST_PASSWORD may be the one made at setup.
  const user = await withReusedPasswordHash(() => createUser({ email, password: TEST_PASSWORD }, { actor: TEST_CONSOLE }));
  const held = [...roles, ...(role === 'USER' ? [] : [{ role: PLATFORM_ROLE[role], brandId: null }])];
  if (held.length > 0) await prisma.roleGrant.createMany({ data: held.map((grant) => ({ userId: user.id, ...grant })) });
  if (!withTotp) return { ...user, password: TEST_PASSWORD, totpSecret: null, backupCodes: [] as string[] };
  const { totpSecret, backupCodes } = await addTestAuthenticator(user);
  return { ...user, password: TEST_PASSWORD, totpSecret, backupCodes };
}

/**
 * An authenticator app, already confirmed, and a first set of backup codes, as the wizard's last
 * step leaves them: test setup for the many tests whose subject is not the wizard.
 */
export async function addTestAuthenticator(user: { id: string }): Promise<{ totpSecret: string; backupCodes: string[] }> {
  const totpSecret = createTotpSecret();
  // Codes hashed once at setup with the production parameters, when the run has some left; else a
  // set made as the verbs make one. Either is written by the verbs' own replaceBackupCodes.
  const reused = takeReusedBackupCodes();
  const set = reused
    ? { codes: reused.map(({ code }) => formatBackupCode(code)), hashes: reused.map(({ codeHash }) => codeHash) }
    : await newBackupCodeSet();
  const backupCodes = await prisma.$transaction(async (tx) => {
    await tx.totpCredential.create({
      data: {
        userId: user.id,
        encryptedSecret: encryptSecret({ plaintext: totpSecret, boundTo: user.id }),
        confirmedAt: new Date(),
      },
    });
    return replaceBackupCodes(tx, { userId: user.id, set });
  });
  return { totpSecret, backupCodes };
}

/** A user with an authenticator app and backup codes, with the first two codes at hand. */
export async function createMfaUser({ domain }: { domain?: string } = {}) {
  const user = await createTestUser({ withTotp: true, domain });
  const [firstBackupCode, secondBackupCode] = user.backupCodes;
  if (!user.totpSecret || !firstBackupCode || !secondBackupCode) {
    throw new Error('createTestUser({ withTotp: true }) enrols an authenticator app and backup codes');
  }
  return { ...user, totpSecret: user.totpSecret, firstBackupCode, secondBackupCode };
}

/** A signed-in session row and the CurrentSession the account verbs take, built from the rows. */
export async function currentSessionFor(
  user: { id: string },
  {
    secondFactorAt,
    alternativeLoginId = null,
    isRestricted = false,
  }: { secondFactorAt: Date | null; alternativeLoginId?: string | null; isRestricted?: boolean },
): Promise<CurrentSession> {
  // As createSession makes them: a session that passed a second factor passed it under its token.
  const tokenId = randomUUID();
  const session = await prisma.session.create({
    data: {
      userId: user.id,
      tokenId,
      secondFactorAt,
      secondFactorTokenId: secondFactorAt ? tokenId : null,
      alternativeLoginId,
      isRestricted,
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    },
    select: { id: true, secondFactorAt: true, tokenId: true, secondFactorTokenId: true, createdAt: true, alternativeLoginId: true, isRestricted: true },
  });
  const row = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, email: true, brandId: true, roleGrants: { select: { role: true, brandId: true } }, ...MFA_STATE_SELECT },
  });
  return {
    session,
    user: {
      id: row.id,
      email: row.email,
      brandId: row.brandId,
      roles: row.roleGrants,
      isMfaEnabled: isMfaEnabled(row),
      hasAuthenticatorApp: hasAuthenticatorApp(row),
    },
  };
}

/** The last authenticator time step the user spent (0 when none). */
export async function lastUsedStep(userId: string): Promise<number> {
  const credential = await prisma.totpCredential.findUniqueOrThrow({ where: { userId }, select: { lastUsedStep: true } });
  return credential.lastUsedStep;
}

/**
 * Fictional US numbers (NXX-555-0100 to 0199). Rate limits are rows in the database that every
 * test file shares, so each file passes its own area code and never sends to another's numbers.
 */
export function phoneNumbers(areaCode: string): () => string {
  let next = Math.floor(Math.random() * 100);
  let handedOut = 0;
  return () => {
    if (handedOut++ >= 100) throw new Error(`only 100 test numbers exist in area code ${areaCode}`);
    return `+1${areaCode}55501${String(next++ % 100).padStart(2, '0')}`;
  };
}

/** A confirmed backup phone, written directly: test setup, not the verification flow. */
export async function addConfirmedPhone(userId: string, number: string, countryCode = 'US') {
  return prisma.phone.create({ data: { userId, number, countryCode }, select: { id: true, number: true } });
}

export async function addConfirmedAlternateEmail(userId: string, address: string) {
  return prisma.alternateEmail.create({ data: { userId, address }, select: { id: true, address: true } });
}

/** The owner of `user` acting in a fresh signed-in session, as the account screens' actions do. */
export async function selfActorFor(
  user: { id: string },
  { request = testRequest(), secondFactorAt = new Date() }: { request?: RequestContext; secondFactorAt?: Date | null } = {},
): Promise<Actor & { kind: 'self' }> {
  return selfActor(await currentSessionFor(user, { secondFactorAt }), request);
}
