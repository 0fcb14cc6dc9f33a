import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../lib/core/hash-password';
import { applyMigrations } from '../lib/db/apply-migrations';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres';
import { BACKUP_CODES_PER_SET, generateBackupCode } from '@/lib/core/factor-kinds/codes/backup-code-format';
import pg from 'pg';
import { TEST_PASSWORD } from './support/accounts';
import { REUSED_HASHES_ENV, type ReusedHashes } from './support/reused-hashes';

// Backup-code sets hashed once for the whole run: enough for most test files' accounts with an
// authenticator; a file that makes more hashes the rest itself.
const REUSED_BACKUP_CODE_SETS = 24;

/** TEST_PASSWORD and backup codes hashed once, with the production parameters (see reused-hashes.ts). */
async function hashOnce(): Promise<ReusedHashes> {
  const sets = Array.from({ length: REUSED_BACKUP_CODE_SETS }, () => Array.from({ length: BACKUP_CODES_PER_SET }, generateBackupCode));
  const [passwordHash, ...codeHashes] = await Promise.all([TEST_PASSWORD, ...sets.flat()].map((text) => hash(text, ARGON2_OPTIONS)));
  return {
    options: ARGON2_OPTIONS,
    password: TEST_PASSWORD,
    passwordHash: passwordHash as string,
    backupCodeSets: sets.map((set, i) => set.map((code, j) => ({ code, codeHash: codeHashes[i * BACKUP_CODES_PER_SET + j] as string }))),
  };
}

// Integration tests run against a real PostgreSQL: a fresh embedded server in a temporary folder
// (or TEST_DATABASE_URL, when a PostgreSQL is given), migrated with the project's own migrations.
// Every test makes its own users, so no test depends on another's leftovers.
// Read by tests/support/own-database.ts.
const TEMPLATE_DATABASE_ENV = 'GATEHOUSE_TEST_TEMPLATE_DATABASE';

/** One statement in the server's maintenance database, as CREATE and DROP DATABASE need. */
async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A copy of the freshly migrated test database that no one connects to, for the files that work
 * in a database of their own (tests/support/own-database.ts) to copy instead of migrating one.
 * Returns how to drop it; when it cannot be made, those files migrate their own as before.
 */
async function keepTemplate(databaseUrl: string): Promise<() => Promise<void>> {
  const source = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const template = `${source}_template_${randomBytes(4).toString('hex')}`;
  try {
    await onServer(databaseUrl, `CREATE DATABASE "${template}" TEMPLATE "${source}"`);
  } catch (error) {
    console.warn(`No template database (${(error as Error).message}); files with their own database migrate it.`);
    return async () => {};
  }
  process.env[TEMPLATE_DATABASE_ENV] = template;
  return () => onServer(databaseUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
}

export default async function setup() {
  process.env.GATEHOUSE_ENV = 'development';
  process.env.GATEHOUSE_URL = 'http://localhost:3000';
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString('base64url');
  process.env.GATEHOUSE_ENCRYPTION_KEYS = `test1:${randomBytes(32).toString('base64')}`;
  delete process.env.RESEND_API_KEY;
  // Hashed while the database starts and migrates, which leaves the CPU mostly idle.
  const hashed = hashOnce().then((reused) => {
    process.env[REUSED_HASHES_ENV] = JSON.stringify(reused);
  });

  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    await Promise.all([applyMigrations({ databaseUrl: process.env.DATABASE_URL }), hashed]);
    return keepTemplate(process.env.DATABASE_URL);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-test-pg-'));
  // As root, the server runs as its own user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), database: 'gatehouse_test', throwaway: true });
  process.env.DATABASE_URL = database.databaseUrl;
  await Promise.all([applyMigrations({ databaseUrl: database.databaseUrl }), hashed]);
  await keepTemplate(database.databaseUrl);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
