// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded server.
import { applyMigrations } from '../lib/db/apply-migrations';
import { openDatabase } from '../lib/db/open-database';

async function main() {
  const database = await openDatabase();
  try {
    const applied = await applyMigrations({ databaseUrl: database.databaseUrl });
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
