// The administrator's command line as a function: `run(argv, out)` answers one command line and
// returns its exit code, writing what it says to `out`. lib/cli/main.ts calls it for `npx
// gatehouse`; tests call it in-process, so a test pays for no process start and sees the same
// words an operator would. This file parses and dispatches; each noun's commands are
// lib/cli/commands/<noun>.ts, calling the same verbs as the screens.
import { consoleActor } from '@/lib/core/console-actor';
import { isAppError } from '@/lib/errors/app-error';
import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import { parseCommandLine, type CliOutput, type Commands } from './command';
import { alternateEmailCommands } from './commands/alternate-email';
import { appPasswordCommands } from './commands/app-password';
import { brandCommands } from './commands/brand';
import { brandDomainCommands } from './commands/brand-domain';
import { demoCommands } from './commands/demo';
import { maintenanceCommands } from './commands/maintenance';
import { orgCommands } from './commands/org';
import { phoneCommands } from './commands/phone';
import { platformCommands } from './commands/platform';
import { roleCommands } from './commands/role';
import { supportCommands } from './commands/support';
import { userCommands } from './commands/user';
import { flagOfField } from './policy-flags';

export type { CliOutput } from './command';

const POLICY_FLAGS_USAGE = `
    --<method> / --<method>-self-service   whether a second-factor method (${POLICY_METHODS.join(', ')}) is
                             available at all, and whether users set it up themselves
    --codes-alone            whether text, call and e-mail codes may be a user's only second factor
    --allow-2fa / --allow-disable / --allow-app-passwords / --require-2fa
                             what mailboxes may do: turn 2FA on, turn it off, use app passwords;
                             whether 2FA is required
    --enrolment-days <N>     days a mailbox has to enrol once 2FA is required
    --enforce-from <YYYY-MM-DD|none>   the day the requirement starts
    --offer-new-ip / --offer-new-country / --offer-never
                             which challenge policies users may choose besides "always"
    --default-challenge always|new-ip|new-country|never   the policy new mailboxes start with
    --brands-may-loosen <switch,…>|none   (platform set only) the switches above, by flag name
                             (e.g. require-2fa,allow-app-passwords), that brands may set looser than
                             the platform; every other one is a floor a brand may only make stricter`;

const USAGE = `Usage:
  gatehouse user create --email <address> --password <password> [--role <role> [--brand <slug>]]
  gatehouse user list [--json]
  gatehouse user unlock --email <address> --reason "<why>"
                       clear every failure lock of the account's sign-in
  gatehouse support disable-2fa --email <address> --reason "<why>" [--revoke-app-passwords]
                       a lost phone: remove every second factor, sign out everywhere; the user sets up again
                       (app passwords keep working unless --revoke-app-passwords)
  gatehouse support recovery-codes --email <address> --reason "<why>"
                       print a fresh set of backup codes to hand over (replaces the old set)
  gatehouse support password-reset --email <address> --reason "<why>" [--via email|sms]
                       send a link to choose a new password to the mailbox's confirmed alternate
                       address or backup phone (never the mailbox; the link is not shown here)
  gatehouse support password-reset --email <address> --reason "<why>" --via code
                       print a single-use reset code, for a mailbox with neither (30 minutes)
  gatehouse support reset-locations --email <address> --reason "<why>"
                       forget the addresses and countries the mailbox remembers
  gatehouse support sign-out --email <address> --reason "<why>"
                       end every session of the mailbox
  gatehouse support challenge --email <address> --policy always|new-ip|new-country|never --reason "<why>"
                       when the mailbox is asked for its code
                       (each support command is audited with the reason and e-mails the user)
  gatehouse role grant|revoke --email <address> --role platform-admin|platform-support
  gatehouse role grant|revoke --email <address> --role brand-admin|brand-support --brand <slug>
  gatehouse brand create --name <name> --slug <slug> --domain <domain> [--domain …] [--host <host> …]
                       [--support <address or https URL>]
                       a reseller's brand; mailboxes on its domains move into it
  gatehouse brand list [--json]
  gatehouse brand delete <slug>                a brand no mailbox belongs to
  gatehouse brand show <slug> [--json]        the settings in force for the brand's mailboxes, and where each comes from
  gatehouse brand set <slug> [policy flags, each also "platform" to follow the platform again]
                       [--texts-paid-by platform|mailbox] who pays for the texts of mailboxes in no
                       family or business account (mailbox: refused while codes may stand alone)
                       [--packs "100=5.00,500=20.00"|none] the brand's own SMS credit packs and prices
                       (no cheaper per credit than SMS_CREDIT_MIN_CENTS_PER_CREDIT)
                       [--name <name>] [--support <address or https URL>|none] [--colour '#rrggbb'|none]
                       [--logo <PNG, JPEG or SVG file>|none] [--css <stylesheet file>|none]
                       the brand's look (as on its Look screen; the stylesheet is sanitised)
                       [--email-from <address>|platform] the address the brand's e-mails come from (at one
                       of its domains; the sender's name is always the brand's)
                       [--sms-sender <ID or +number>|platform] the brand's SMS sender ID (1-11 letters,
                       digits, spaces) or number, used where the destination country accepts it
  gatehouse brand domain add|remove <slug> <domain>
                       a domain no brand owns and no mailbox uses is the brand's at once; one with
                       mailboxes moves them into the brand (audited, each e-mailed); never another
                       brand's; a domain with mailboxes cannot be removed
  gatehouse brand domain requests [--json]     brands' requests for domains with mailboxes, waiting
  gatehouse brand domain approve|refuse --id <request id>
                       answer one: approving moves the domain's mailboxes into the brand
  gatehouse brand host add|remove <slug> <host name>
                       a host name the brand's sign-in page answers on (account.acme.example)
  gatehouse phone add --email <address> --number <number> [--country US] [--via sms|call]
                       send a code to a new backup phone of that user (for methods users may
                       not set up themselves); the user reads the code back to you
  gatehouse phone confirm --email <address> --code <6 digits>
                       save the phone once the user has read its code back
  gatehouse alternate-email add --email <address> --address <alternate address>
  gatehouse alternate-email confirm --email <address> --code <6 digits>
                       the same for an alternate e-mail address
  gatehouse app-password list --email <address> [--json]
                       the mailbox's app passwords: name, created, last used (when, from where, over what)
  gatehouse app-password revoke --email <address> --id <id>
                       revoke one (audited; the user is e-mailed); app passwords are created
                       only by their owner, on the security page
  gatehouse org create --name "<name>" --kind family|business --admin <address>
                       a family or business account in the administrator's brand
  gatehouse org add-member --org <name or id> --email <address> [--role administrator|member]
                       add a mailbox of the same brand at once, without its consent (the operator's
                       own path, audited, the mailbox e-mailed; administrators invite from /org and
                       the mailbox accepts). At most one account per mailbox
  gatehouse org list [--json]                  every account: kind, brand, SMS logins, credits, administrators
  gatehouse org adjust-credits --org <name or id> --credits <N> --reason "<why>"   (a negative change: --credits=-N)
                       correct an account's SMS credits (platform support; never below zero)
  gatehouse demo seed                          create the demo accounts (development only) with this
                       installation's random passwords, kept in .data/demo-passwords.json
  gatehouse demo show                          print the demo accounts and their passwords
  gatehouse maintenance purge                  delete expired codes and pending logins (after a
                       day) and ended sessions (after 30 days); the server does this hourly
  gatehouse platform show [--json]             the platform settings: every brand's defaults
  gatehouse platform set [--json] [policy flags]
Policy flags:${POLICY_FLAGS_USAGE}`;

/** Every command by its two words (`brand set`). */
const COMMANDS: Commands = {
  ...userCommands,
  ...supportCommands,
  ...roleCommands,
  ...brandCommands,
  ...brandDomainCommands,
  ...phoneCommands,
  ...alternateEmailCommands,
  ...appPasswordCommands,
  ...orgCommands,
  ...demoCommands,
  ...maintenanceCommands,
  ...platformCommands,
};

export async function run(argv: string[], out: CliOutput = console): Promise<number> {
  let commandLine: ReturnType<typeof parseCommandLine>;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    // An unknown option or a flag without its value: say which, not a stack trace.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_')) {
      out.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const { positionals, values } = commandLine;
  // Two words name the command (`brand set`); a brand's slug may follow.
  const command = positionals.slice(0, 2).join(' ');
  if (values.help || !command) {
    out.log(USAGE);
    return values.help ? 0 : 2;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) {
    out.error(`Unknown command "${command}".\n${USAGE}`);
    return 2;
  }
  // One console actor for the whole run: every change it makes is audited under its operator.
  return handler({ command, positionals, values, actor: consoleActor(), out });
}

/**
 * One command line with the refusals an operator should read: a Gatehouse refusal is printed as
 * its message (and the flag each field error belongs to) with exit code 2; anything else throws.
 */
export async function runCommandLine(argv: string[], out: CliOutput = console): Promise<number> {
  try {
    return await run(argv, out);
  } catch (error) {
    if (!isAppError(error)) throw error;
    out.error(error.userMessage);
    for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) out.error(`  --${flagOfField(field)}: ${messages.join(' ')}`);
    if (error.code === 'NOTHING_TO_CHANGE') out.error(USAGE);
    return 2;
  }
}
