import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, listMigrationFolders, SCHEMA_PATH } from '@/lib/db/apply-migrations';
import { diffSchemas } from '@/lib/db/diff-schemas';
import { HAND_WRITTEN_CONSTRAINTS } from '@/lib/db/hand-written-constraints';

// schema.prisma and prisma/migrations must describe the same database. Two fresh databases on the
// test server: A gets the project's migrations, B gets the SQL Prisma derives from schema.prisma
// alone (plus the hand-written CHECK constraints). Their catalogs must match, object for object.

const suffix = randomBytes(4).toString('hex');
const DB_FROM_MIGRATIONS = `gh_migrations_${suffix}`;
const DB_FROM_SCHEMA = `gh_schema_${suffix}`;

function urlFor(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(database: string | null, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database ? urlFor(database) : process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every table, column, index, constraint and enum of the public schema, as sorted text lines. */
type Catalog = { tables: string[]; columns: string[]; indexes: string[]; constraints: string[]; enums: string[] };

async function dumpCatalog(database: string): Promise<Catalog> {
  return withClient(database, async (client) => {
    const lines = async (sql: string) => (await client.query<{ line: string }>(sql)).rows.map((row) => row.line).sort();
    return {
      tables: await lines(`
        SELECT table_name || ' ' || table_type AS line FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
      columns: await lines(`
        SELECT concat_ws(' | ', table_name, column_name, data_type, udt_name, is_nullable,
          coalesce(column_default, '<no default>'), coalesce(character_maximum_length::text, '-'),
          coalesce(datetime_precision::text, '-')) AS line
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
      indexes: await lines(`
        SELECT tablename || ' | ' || indexname || ' | ' || indexdef AS line FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
      constraints: await lines(`
        SELECT cl.relname || ' | ' || co.conname || ' | ' || co.contype::text || ' | ' || pg_get_constraintdef(co.oid) AS line
        FROM pg_constraint co
        JOIN pg_class cl ON cl.oid = co.conrelid
        JOIN pg_namespace ns ON ns.oid = cl.relnamespace
        WHERE ns.nspname = 'public' AND cl.relname <> '_prisma_migrations'`),
      enums: await lines(`
        SELECT t.typname || ' | ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
        FROM pg_type t
        JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace ns ON ns.oid = t.typnamespace
        WHERE ns.nspname = 'public'
        GROUP BY t.typname`),
    };
  });
}

beforeAll(async () => {
  await withClient(null, async (client) => {
    await client.query(`CREATE DATABASE "${DB_FROM_MIGRATIONS}"`);
    await client.query(`CREATE DATABASE "${DB_FROM_SCHEMA}"`);
  });
});

afterAll(async () => {
  await withClient(null, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${DB_FROM_MIGRATIONS}" WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS "${DB_FROM_SCHEMA}" WITH (FORCE)`);
  });
});

describe('migrations', () => {
  it('build exactly the database that schema.prisma describes, and a second run applies nothing', async () => {
    const folders = await listMigrationFolders();
    expect(folders.length).toBeGreaterThan(0);

    const applied = await applyMigrations({ databaseUrl: urlFor(DB_FROM_MIGRATIONS) });
    expect(applied).toEqual(folders);

    const schemaText = await readFile(SCHEMA_PATH, 'utf8');
    const sql = await diffSchemas({ databaseUrl: urlFor(DB_FROM_SCHEMA), from: null, to: schemaText });
    expect(sql).toMatch(/CREATE TABLE/);
    await withClient(DB_FROM_SCHEMA, (client) => client.query(sql));
    // What the schema language cannot say is added to a migration by hand, and here the same way.
    for (const statement of HAND_WRITTEN_CONSTRAINTS) await withClient(DB_FROM_SCHEMA, (client) => client.query(statement));

    const fromMigrations = await dumpCatalog(DB_FROM_MIGRATIONS);
    const fromSchema = await dumpCatalog(DB_FROM_SCHEMA);
    // The dump must actually hold the model, or two empty dumps would pass.
    expect(fromSchema.tables.length).toBeGreaterThanOrEqual(8);
    expect(fromSchema.enums.length).toBeGreaterThanOrEqual(3);
    expect(fromMigrations).toEqual(fromSchema);

    expect(await applyMigrations({ databaseUrl: urlFor(DB_FROM_MIGRATIONS) })).toEqual([]);
    const recorded = await withClient(DB_FROM_MIGRATIONS, async (client) =>
      (await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name')).rows.map(
        (row) => row.migration_name,
      ),
    );
    expect(recorded).toEqual(folders);
  });
});
