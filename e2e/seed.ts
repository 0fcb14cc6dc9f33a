// The world a test stands in, written straight into the end-to-end database by the test's own
// worker, through the same factories the integration tests use (tests/support/users.ts). Test
// setup, not the flows under test: only the specs whose subject is the wizard walk it.
import { hashRecoverySecret, newRecoverySecret } from '@/lib/recovery/recovery-secret';
import { ensureDevSecrets } from '@/lib/config/ensure-dev-secrets';
import { openDatabase } from '@/lib/db/open-database';
import { prisma } from '@/lib/db/prisma';
import { addConfirmedAlternateEmail, addConfirmedPhone, addTestAuthenticator } from '../tests/support/users';

let connected: Promise<void> | undefined;

/** Joins the database the test server runs on, with the server's own sealing key. */
export function connect(): Promise<void> {
  connected ??= (async () => {
    const dataDir = process.env.GATEHOUSE_E2E_DATA_DIR;
    if (!dataDir) throw new Error('GATEHOUSE_E2E_DATA_DIR is not set: seed only from Playwright, after its server started.');
    const { databaseUrl } = await openDatabase({ dataDir });
    process.env.DATABASE_URL = databaseUrl;
    // The server keeps its development keys in .data/dev-secrets.json; a secret sealed here must
    // open there.
    ensureDevSecrets();
  })();
  return connected;
}

/** A confirmed authenticator app and backup codes for an existing account, as the wizard leaves them. */
export async function seedAuthenticator(email: string): Promise<{ secret: string; backupCodes: string[] }> {
  await connect();
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const { totpSecret, backupCodes } = await addTestAuthenticator(user);
  return { secret: totpSecret, backupCodes };
}

/** A confirmed backup phone (`e164`) of an existing account, as the phone wizard leaves it. */
export async function seedPhone(email: string, e164: string): Promise<void> {
  await connect();
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await addConfirmedPhone(user.id, e164);
}

/** A confirmed alternate address (`address`) of an existing account, as its confirmation leaves it. */
export async function seedAlternateEmail(email: string, address: string): Promise<void> {
  await connect();
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await addConfirmedAlternateEmail(user.id, address);
}

/**
 * A reset link as support's "Send a password reset link" leaves it (RECOVERY19.md): a recovery of
 * 30 minutes whose destination is already proven; returns the link's path.
 */
export async function seedRecoveryLink(email: string, proof: 'ALTERNATE_EMAIL' | 'PHONE'): Promise<string> {
  await connect();
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  const secret = newRecoverySecret();
  await prisma.passwordRecovery.create({
    data: { tokenHash: hashRecoverySecret(secret), userId: user.id, email: user.email, origin: 'SUPPORT_LINK', proofs: [proof], expiresAt: new Date(Date.now() + 30 * 60 * 1000) },
  });
  return `/sign-in/forgot/link/${secret}`;
}

/** The organisation `name` with SMS logins allowed and `credits` in its pool, as its administrator's checkbox and a test purchase leave them. */
export async function seedSmsPool(name: string, credits: number): Promise<void> {
  await connect();
  const { count } = await prisma.organisation.updateMany({ where: { name }, data: { allowSmsLogins: true, creditBalance: credits, lastPurchaseCredits: credits } });
  if (count !== 1) throw new Error(`no one organisation named ${name}`);
}
