// A test file that changes what every other file reads (the platform's policy) works in a
// database of its own on the same test server, migrated like the shared one. Vitest only.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { disconnectPrisma, prisma } from '@/lib/db/prisma';

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The shared test database as migrations left it, kept by the global setup (tests/global-setup.ts)
 * with no one connected: PostgreSQL copies it in a fraction of a second, where migrating a fresh
 * database takes seconds.
 */
const TEMPLATE_DATABASE_ENV = 'GATEHOUSE_TEST_TEMPLATE_DATABASE';

/** A migrated database named `name` on the test server: a copy of the template, else migrated here. */
async function createMigratedDatabase(name: string, url: string): Promise<void> {
  const template = process.env[TEMPLATE_DATABASE_ENV];
  if (!template) {
    await onServer(`CREATE DATABASE "${name}"`);
    await applyMigrations({ databaseUrl: url });
    return;
  }
  // PostgreSQL refuses a copy while another session is in the template (55006): another file's
  // copy can hold it for a moment, so try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Points this file's Prisma client at a fresh database named `<prefix>_<random>` for its tests. */
export function inOwnDatabase(prefix: string): void {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    await createMigratedDatabase(name, url.toString());
    await disconnectPrisma();
    vi.stubEnv('DATABASE_URL', url.toString());
    resetEnvCache();
    const [connected] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    expect(connected?.name).toBe(name);
  });
  afterAll(async () => {
    await disconnectPrisma();
    vi.unstubAllEnvs();
    resetEnvCache();
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
