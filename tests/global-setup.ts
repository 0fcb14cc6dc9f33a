import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../lib/db/apply-migrations';
import { startEmbeddedPostgres } from '../lib/db/embedded-postgres';

// Integration tests run against a real PostgreSQL: a fresh embedded server in a temporary folder
// (or TEST_DATABASE_URL, when a PostgreSQL is given), migrated with the project's own migrations.
// Every test makes its own users, so no test depends on another's leftovers.
export default async function setup() {
  process.env.GATEHOUSE_ENV = 'development';
  process.env.GATEHOUSE_URL = 'http://localhost:3000';
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString('base64url');
  process.env.GATEHOUSE_ENCRYPTION_KEYS = `test1:${randomBytes(32).toString('base64')}`;
  delete process.env.RESEND_API_KEY;

  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    await applyMigrations({ databaseUrl: process.env.DATABASE_URL });
    return async () => {};
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-test-pg-'));
  // As root, the server runs as its own user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), database: 'gatehouse_test' });
  process.env.DATABASE_URL = database.databaseUrl;
  await applyMigrations({ databaseUrl: database.databaseUrl });
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
