// `npx gatehouse ...`: the administrator's command line. It talks to the same database as the
// app (DATABASE_URL, or the embedded server, joining it when `npm start` is running) and calls
// the same verbs, so no rule exists twice.
import { parseArgs } from 'node:util';
import { ensureDevSecrets } from '@/lib/config/ensure-dev-secrets';
import { applyMigrations } from '@/lib/db/apply-migrations';
import { openDatabase } from '@/lib/db/open-database';
import { disconnectPrisma, prisma } from '@/lib/db/prisma';
import { AppError, isAppError } from '@/lib/errors/app-error';
import { purgeExpiredRecords } from '@/lib/maintenance/purge-expired-records';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { CHALLENGE_PROVIDERS, PROVIDER_NAMES, type TPlatformPolicy } from '@/lib/policy/platform-policy';
import { updatePlatformPolicy } from '@/lib/policy/update-platform-policy';
import { createUser, type TCreateUser } from '@/lib/users/create-user';
import { listUsers } from '@/lib/users/list-users';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { maskEmail } from '@/lib/alternate-email/mask-email';
import { startAlternateEmailVerificationByStaff } from '@/lib/alternate-email/start-alternate-email-verification-by-staff';
import { ZEmailSchema } from '@/lib/auth/email-schema';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { maskPhoneNumber } from '@/lib/phones/mask-phone-number';
import { startPhoneVerificationByStaff } from '@/lib/phones/start-phone-verification-by-staff';
import { seedDemoAccounts } from '@/lib/users/seed-demo-accounts';

const USAGE = `Usage:
  gatehouse user create --email <address> --password <password> [--role USER|SUPPORT|ADMIN]
  gatehouse user list [--json]
  gatehouse user unlock --email <address>      clear the failure locks of every sign-in method
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
  gatehouse policy show [--json]
  gatehouse policy set [--totp on|off] [--sms on|off] [--voice on|off] [--email on|off]
                       [--totp-self-service on|off] [--sms-self-service on|off]
                       [--voice-self-service on|off] [--email-self-service on|off]
                       [--codes-alone on|off] [--json]
    --<method>               whether the second-factor method is available at all
    --<method>-self-service  whether users may set it up themselves (else only an administrator)
    --codes-alone            whether text, call and e-mail codes may be a user's only second factor`;

// Each policy flag of `policy set`, with the setting it changes.
const POLICY_FLAGS = {
  totp: 'totpAvailable',
  sms: 'smsAvailable',
  voice: 'voiceAvailable',
  email: 'emailAvailable',
  'totp-self-service': 'totpSelfService',
  'sms-self-service': 'smsSelfService',
  'voice-self-service': 'voiceSelfService',
  'email-self-service': 'emailSelfService',
  'codes-alone': 'codesMayStandAlone',
} as const satisfies Record<string, keyof TPlatformPolicy>;

/** The flags given to `policy set` as policy changes; anything but on/off is refused. */
function parsePolicyFlags(values: Record<string, string | boolean | undefined>): Partial<TPlatformPolicy> {
  const changes: Partial<TPlatformPolicy> = {};
  const fieldErrors: Record<string, string[]> = {};
  for (const [flag, key] of Object.entries(POLICY_FLAGS)) {
    const value = values[flag];
    if (value === undefined) continue;
    const word = typeof value === 'string' ? value.toLowerCase() : '';
    if (word === 'on' || word === 'off') changes[key] = word === 'on';
    else fieldErrors[flag] = [`Use on or off, not "${String(value)}".`];
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('INVALID_INPUT', { message: 'Each policy flag takes on or off.', fieldErrors });
  }
  if (Object.keys(changes).length === 0) {
    throw new AppError('INVALID_INPUT', { message: `Give at least one setting to change.\n${USAGE}` });
  }
  return changes;
}

function formatPolicy(policy: TPlatformPolicy): string {
  const lines = CHALLENGE_PROVIDERS.map((provider) => {
    const available = policy[`${provider}Available`] ? 'on ' : 'off';
    const setUp = policy[`${provider}SelfService`] ? 'users set it up themselves' : 'only an administrator sets it up';
    return `${PROVIDER_NAMES[provider].padEnd(18)}${available}  ${setUp}`;
  });
  lines.push(
    `Text, call and e-mail codes: ${policy.codesMayStandAlone ? 'may be the only second factor' : 'only a backup to an authenticator app'}`,
  );
  return lines.join('\n');
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      // --email is the account's address for `user create`, and the e-mail code method's on/off
      // for `policy set`.
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      totp: { type: 'string' },
      sms: { type: 'string' },
      voice: { type: 'string' },
      'totp-self-service': { type: 'string' },
      'sms-self-service': { type: 'string' },
      'voice-self-service': { type: 'string' },
      'email-self-service': { type: 'string' },
      'codes-alone': { type: 'string' },
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
  switch (command) {
    case 'user create': {
      const user = await createUser({
        email: values.email ?? '',
        password: values.password ?? '',
        // createUser parses the role with the rest, so a wrong one is refused with a field error.
        role: values.role?.toUpperCase() as TCreateUser['role'],
      });
      console.log(values.json ? JSON.stringify(user) : `Created ${user.email} (${user.role}), id ${user.id}`);
      return 0;
    }
    case 'phone add': {
      const via = (values.via ?? 'sms').toLowerCase();
      if (via !== 'sms' && via !== 'call') throw new AppError('INVALID_INPUT', { message: '--via takes sms or call.' });
      const issued = await startPhoneVerificationByStaff({
        email: values.email ?? '',
        number: values.number ?? '',
        country: (values.country ?? 'US').toUpperCase(),
        channel: via === 'sms' ? 'SMS' : 'VOICE',
      });
      console.log(
        `A code is on its way to ${maskPhoneNumber(issued.destination)} by ${via === 'sms' ? 'text message' : 'phone call'}. ` +
          `Ask ${issued.user.email} to read it to you, then run: gatehouse phone confirm --email ${issued.user.email} --code <code>`,
      );
      return 0;
    }
    case 'phone confirm': {
      const user = await prisma.user.findUnique({ where: { email: (values.email ?? '').trim().toLowerCase() }, select: { id: true, email: true } });
      if (!user) throw new AppError('USER_NOT_FOUND');
      const code = ZSentCodeSchema.safeParse(values.code ?? '');
      if (!code.success) throw new AppError('INVALID_INPUT', { message: code.error.issues[0]?.message });
      const { number } = await confirmPhone({ user, code: code.data, request: { ip: 'console', userAgent: 'gatehouse command line' } });
      console.log(`Saved ${maskPhoneNumber(number)} as a backup phone of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'alternate-email add': {
      const address = ZEmailSchema.safeParse(values.address ?? '');
      if (!address.success) throw new AppError('INVALID_INPUT', { message: `--address: ${address.error.issues[0]?.message}` });
      const issued = await startAlternateEmailVerificationByStaff({ email: values.email ?? '', address: address.data });
      console.log(
        `A code is on its way to ${maskEmail(issued.destination)}. Ask ${issued.user.email} to read it to you, then run: ` +
          `gatehouse alternate-email confirm --email ${issued.user.email} --code <code>`,
      );
      return 0;
    }
    case 'alternate-email confirm': {
      const user = await prisma.user.findUnique({ where: { email: (values.email ?? '').trim().toLowerCase() }, select: { id: true, email: true } });
      if (!user) throw new AppError('USER_NOT_FOUND');
      const code = ZSentCodeSchema.safeParse(values.code ?? '');
      if (!code.success) throw new AppError('INVALID_INPUT', { message: code.error.issues[0]?.message });
      const { address } = await confirmAlternateEmail({ user, code: code.data, request: { ip: 'console', userAgent: 'gatehouse command line' } });
      console.log(`Saved ${maskEmail(address)} as the alternate address of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'user unlock': {
      await unlockSignIn({ email: values.email ?? '' });
      console.log(`Unlocked signing in for ${values.email}; they were told by e-mail.`);
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
      const created = await seedDemoAccounts();
      console.log(created.length ? `Created: ${created.join(', ')}` : 'The demo accounts already exist.');
      return 0;
    }
    case 'policy show': {
      const policy = await getPlatformPolicy();
      console.log(values.json ? JSON.stringify(policy) : formatPolicy(policy));
      return 0;
    }
    case 'policy set': {
      // Actor null: the operator at the server's console, recorded as such in the audit row.
      const policy = await updatePlatformPolicy({ changes: parsePolicyFlags(values), actor: null, request: null });
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
