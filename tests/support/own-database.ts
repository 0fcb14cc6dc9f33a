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

/** Points this file's Prisma client at a fresh database named `<prefix>_<random>` for its tests. */
export function inOwnDatabase(prefix: string): void {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${name}`;
    await onServer(`CREATE DATABASE "${name}"`);
    await applyMigrations({ databaseUrl: url.toString() });
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
