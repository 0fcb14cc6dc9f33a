import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSchemaEngine } from './schema-engine';

export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');
export const SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma');

export async function listMigrationFolders(migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Applies prisma/migrations to the database and records them in `_prisma_migrations`, the same
 * table `prisma migrate deploy` keeps, so either tool can take over. Applying twice is a no-op.
 */
export async function applyMigrations({ databaseUrl }: { databaseUrl: string }): Promise<string[]> {
  const folders = await listMigrationFolders();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => ({
      path: folder,
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: await readFile(path.join(MIGRATIONS_DIR, folder, 'migration.sql'), 'utf8'),
        },
      },
    })),
  );
  const lockfilePath = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  const { engine, close } = await openSchemaEngine({
    databaseUrl,
    schemaPath: SCHEMA_PATH,
    schemaText: await readFile(SCHEMA_PATH, 'utf8'),
  });
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: {
        baseDir: MIGRATIONS_DIR,
        lockfile: { path: 'migration_lock.toml', content: await readFile(lockfilePath, 'utf8') },
        shadowDbInitScript: '',
        migrationDirectories,
      },
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
