// `npx gatehouse ...`: the administrator's command line. It talks to the same database as the
// app (DATABASE_URL, or the embedded server, joining it when `npm start` is running) and calls
// the same verbs, so no rule exists twice. The commands themselves are lib/cli/run.ts.
// First, for its effect: the same .env files `npm start` reads, before any module reads a setting.
import '@/lib/config/load-env-files-first';
import { ensureDevSecrets } from '@/lib/config/ensure-dev-secrets';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { openDatabase } from '@/lib/db/open-database';
import { disconnectPrisma } from '@/lib/db/prisma';
import { runCommandLine } from './run';

async function main() {
  ensureDevSecrets();
  const database = await openDatabase();
  process.env.DATABASE_URL = database.databaseUrl;
  let exitCode = 1;
  try {
    await applyMigrations({ databaseUrl: database.databaseUrl });
    exitCode = await runCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(error);
  } finally {
    await disconnectPrisma();
    await database.stop();
  }
  process.exit(exitCode);
}

void main();
