// `npx gatehouse ...`: the administrator's command line. It talks to the same database as the
// app (DATABASE_URL, or the embedded server, joining it when `npm start` is running) and calls
// the same verbs, so no rule exists twice.
import { parseArgs } from 'node:util';
import { ensureDevSecrets } from '@/lib/config/ensure-dev-secrets';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { openDatabase } from '@/lib/db/open-database';
import { disconnectPrisma } from '@/lib/db/prisma';
import { isAppError } from '@/lib/errors/app-error';
import { createUser } from '@/lib/users/create-user';
import { listUsers } from '@/lib/users/list-users';
import { seedDemoAccounts } from '@/lib/users/seed-demo-accounts';

const USAGE = `Usage:
  gatehouse user create --email <address> --password <password> [--role USER|SUPPORT|ADMIN]
  gatehouse user list [--json]
  gatehouse demo seed`;

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'user create': {
      const user = await createUser({
        email: values.email ?? '',
        password: values.password ?? '',
        role: (values.role?.toUpperCase() ?? 'USER') as 'USER',
      });
      console.log(values.json ? JSON.stringify(user) : `Created ${user.email} (${user.role}), id ${user.id}`);
      return 0;
    }
    case 'user list': {
      const users = await listUsers();
      if (values.json) console.log(JSON.stringify(users));
      else
        for (const user of users)
          console.log(
            `${user.email}\t${user.role}\tMFA ${user.isMfaEnabled ? 'on' : 'off'}\tbackup codes left: ${user.unusedBackupCodes}`,
          );
      return 0;
    }
    case 'demo seed': {
      const created = await seedDemoAccounts();
      console.log(created.length ? `Created: ${created.join(', ')}` : 'The demo accounts already exist.');
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

async function main() {
  ensureDevSecrets();
  const database = await openDatabase();
  process.env.DATABASE_URL = database.databaseUrl;
  let exitCode = 1;
  try {
    await applyMigrations({ databaseUrl: database.databaseUrl });
    exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (isAppError(error)) {
      console.error(error.userMessage);
      for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) console.error(`  --${field}: ${messages.join(' ')}`);
      exitCode = 2;
    } else {
      console.error(error);
    }
  } finally {
    await disconnectPrisma();
    await database.stop();
  }
  process.exit(exitCode);
}

void main();
