// `npx gatehouse ...`: the administrator's command line. It talks to the same database as the
// app (DATABASE_URL, or the embedded server, joining it when `npm start` is running) and calls
// the same verbs, so no rule exists twice.
import { parseArgs } from 'node:util';
import { consoleActor } from '@/lib/access/console-actor';
import { maskEmail } from '@/lib/alternate-email/mask-email';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { ZEmailSchema } from '@/lib/auth/email-schema';
import { ensureDevSecrets } from '@/lib/config/ensure-dev-secrets';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { openDatabase } from '@/lib/db/open-database';
import { disconnectPrisma } from '@/lib/db/prisma';
import { AppError, isAppError } from '@/lib/errors/app-error';
import { purgeExpiredRecords } from '@/lib/maintenance/purge-expired-records';
import { ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { POLICY_METHODS } from '@/lib/mfa/second-factor-kinds';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { maskPhoneNumber } from '@/lib/phones/mask-phone-number';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { availableKey, methodName, selfServiceKey, type PolicyKey, type TPolicy } from '@/lib/policy/policy-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createUser, type TCreateUser } from '@/lib/users/create-user';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { listUsers } from '@/lib/users/list-users';
import { seedDemoAccounts } from '@/lib/users/seed-demo-accounts';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';

// Each flag of `platform set`, with the setting it changes: per method of the second-factor
// registry `--<method>` and `--<method>-self-service`, then the settings that are not per method.
const PLATFORM_FLAGS: Record<string, PolicyKey> = {
  ...Object.fromEntries(POLICY_METHODS.flatMap((method) => [[method, availableKey(method)], [`${method}-self-service`, selfServiceKey(method)]])),
  'codes-alone': 'codesMayStandAlone',
};

const USAGE = `Usage:
  gatehouse user create --email <address> --password <password> [--role USER|SUPPORT|ADMIN]
  gatehouse user list [--json]
  gatehouse user unlock --email <address>      clear every failure lock of the account's sign-in
  gatehouse phone add --email <address> --number <number> [--country US] [--via sms|call]
                       send a code to a new backup phone of that user (for methods users may
                       not set up themselves); the user reads the code back to you
  gatehouse phone confirm --email <address> --code <6 digits>
                       save the phone once the user has read its code back
  gatehouse alternate-email add --email <address> --address <alternate address>
  gatehouse alternate-email confirm --email <address> --code <6 digits>
                       the same for an alternate e-mail address
  gatehouse demo seed
  gatehouse maintenance purge                  delete expired codes and pending logins (after a
                       day) and ended sessions (after 30 days); the server does this hourly
  gatehouse platform show [--json]             the platform settings (second-factor methods)
  gatehouse platform set [--json] ${Object.keys(PLATFORM_FLAGS)
    .map((flag) => `[--${flag} on|off]`)
    .join(' ')}
    --<method>               whether the second-factor method (${POLICY_METHODS.join(', ')}) is available at all
    --<method>-self-service  whether users may set it up themselves (else only staff, for them)
    --codes-alone            whether text, call and e-mail codes may be a user's only second factor`;

/** The flags given to `platform set` as changes; anything but on/off is refused. */
function parsePlatformFlags(values: Record<string, string | boolean | undefined>): Partial<TPolicy> {
  const changes: Partial<TPolicy> = {};
  const fieldErrors: Record<string, string[]> = {};
  for (const [flag, key] of Object.entries(PLATFORM_FLAGS)) {
    const value = values[flag];
    if (value === undefined) continue;
    const word = typeof value === 'string' ? value.toLowerCase() : '';
    if (word === 'on' || word === 'off') changes[key] = word === 'on';
    else fieldErrors[flag] = [`Use on or off, not "${String(value)}".`];
  }
  if (Object.keys(fieldErrors).length > 0) throw new AppError('INVALID_INPUT', { fieldErrors });
  if (Object.keys(changes).length === 0) throw new AppError('NOTHING_TO_CHANGE');
  return changes;
}

function formatPolicy(policy: TPolicy): string {
  const lines = POLICY_METHODS.map((method) => {
    const available = policy[availableKey(method)] ? 'on ' : 'off';
    const setUp = policy[selfServiceKey(method)] ? 'users set it up themselves' : 'only staff set it up, for users';
    return `${methodName(method).padEnd(18)}${available}  ${setUp}`;
  });
  lines.push(
    `Text, call and e-mail codes: ${policy.codesMayStandAlone ? 'may be the only second factor' : 'only a backup to an authenticator app'}`,
  );
  return lines.join('\n');
}

/** A 6-digit code as typed at the console, refused with the same message the web form gives. */
function parseSentCode(value: string | undefined): string {
  const code = ZSentCodeSchema.safeParse(value ?? '');
  if (!code.success) throw new AppError('INVALID_INPUT', { fieldErrors: { code: code.error.issues.map((issue) => issue.message) } });
  return code.data;
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      // --email is the account's address for `user create`, and the e-mail code method's on/off
      // for `platform set`.
      ...Object.fromEntries(Object.keys(PLATFORM_FLAGS).map((flag) => [flag, { type: 'string' } as const])),
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      number: { type: 'string' },
      address: { type: 'string' },
      country: { type: 'string' },
      via: { type: 'string' },
      code: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

async function run(argv: string[]): Promise<number> {
  let commandLine: ReturnType<typeof parseCommandLine>;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    // An unknown option or a flag without its value: say which, not a stack trace.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_')) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const { positionals, values } = commandLine;
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  // One console actor for the whole run: every change it makes is audited under its operator.
  const actor = consoleActor();
  switch (command) {
    case 'user create': {
      const user = await createUser(
        {
          email: values.email ?? '',
          password: values.password ?? '',
          // createUser parses the role with the rest, so a wrong one is refused with a field error.
          role: values.role?.toUpperCase() as TCreateUser['role'],
        },
        { actor },
      );
      console.log(values.json ? JSON.stringify(user) : `Created ${user.email} (${user.role}), id ${user.id}`);
      return 0;
    }
    case 'phone add': {
      const via = (values.via ?? 'sms').toLowerCase();
      if (via !== 'sms' && via !== 'call') throw new AppError('INVALID_INPUT', { fieldErrors: { via: ['Use sms or call.'] } });
      const user = await findUserByEmail(values.email ?? '');
      const issued = await startPhoneVerification({
        actor,
        userId: user.id,
        number: values.number ?? '',
        country: (values.country ?? 'US').toUpperCase(),
        channel: via === 'sms' ? 'SMS' : 'VOICE',
      });
      console.log(
        `A code is on its way to ${maskPhoneNumber(issued.destination)} by ${via === 'sms' ? 'text message' : 'phone call'}. ` +
          `Ask ${user.email} to read it to you, then run: gatehouse phone confirm --email ${user.email} --code <code>`,
      );
      return 0;
    }
    case 'phone confirm': {
      const user = await findUserByEmail(values.email ?? '');
      const { number } = await confirmPhone({ actor, userId: user.id, code: parseSentCode(values.code) });
      console.log(`Saved ${maskPhoneNumber(number)} as a backup phone of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'alternate-email add': {
      const address = ZEmailSchema.safeParse(values.address ?? '');
      if (!address.success) throw new AppError('INVALID_INPUT', { fieldErrors: { address: address.error.issues.map((issue) => issue.message) } });
      const user = await findUserByEmail(values.email ?? '');
      const issued = await startAlternateEmailVerification({ actor, userId: user.id, address: address.data });
      console.log(
        `A code is on its way to ${maskEmail(issued.destination)}. Ask ${user.email} to read it to you, then run: ` +
          `gatehouse alternate-email confirm --email ${user.email} --code <code>`,
      );
      return 0;
    }
    case 'alternate-email confirm': {
      const user = await findUserByEmail(values.email ?? '');
      const { address } = await confirmAlternateEmail({ actor, userId: user.id, code: parseSentCode(values.code) });
      console.log(`Saved ${maskEmail(address)} as the alternate address of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'user unlock': {
      const user = await findUserByEmail(values.email ?? '');
      await unlockSignIn({ actor, userId: user.id });
      console.log(`Unlocked signing in for ${user.email}; they were told by e-mail.`);
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
    case 'maintenance purge': {
      const purged = await purgeExpiredRecords();
      console.log(
        `Deleted ${purged.oneTimeCodes} expired codes, ${purged.pendingLogins} expired pending logins and ${purged.sessions} ended sessions.`,
      );
      return 0;
    }
    case 'demo seed': {
      const created = await seedDemoAccounts({ actor });
      console.log(created.length ? `Created: ${created.join(', ')}` : 'The demo accounts already exist.');
      return 0;
    }
    case 'platform show': {
      const { settings: policy } = await getEffectivePolicy('platform');
      console.log(values.json ? JSON.stringify(policy) : formatPolicy(policy));
      return 0;
    }
    case 'platform set': {
      const policy = await updatePlatformSettings({ actor, changes: parsePlatformFlags(values) });
      console.log(values.json ? JSON.stringify(policy) : `Saved.\n${formatPolicy(policy)}`);
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
      if (error.code === 'NOTHING_TO_CHANGE') console.error(USAGE);
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
