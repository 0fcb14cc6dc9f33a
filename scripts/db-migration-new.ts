// Writes the next migration: the SQL between the schema as the last migration left it
// (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma now. The folder format is
// Prisma's own, so `prisma migrate deploy` keeps working wherever its binary engine exists.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../lib/db/apply-migrations';
import { diffSchemas } from '../lib/db/diff-schemas';
import { openDatabase } from '../lib/db/open-database';

const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');

async function main() {
  const name = (process.argv[2] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  if (!name) {
    console.error('Usage: npm run db:migration:new -- <name>   e.g. add_backup_phones');
    process.exit(2);
  }
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const snapshot = existsSync(SNAPSHOT_PATH) ? await readFile(SNAPSHOT_PATH, 'utf8') : null;
  const database = await openDatabase();
  const sql = await diffSchemas({ databaseUrl: database.databaseUrl, from: snapshot, to: schema }).finally(database.stop);
  if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
    console.log('The schema matches the migrations; nothing to write.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(SNAPSHOT_PATH, schema);
  console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
