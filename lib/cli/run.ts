// The administrator's command line as a function: `run(argv, out)` answers one command line and
// returns its exit code, writing what it says to `out`. lib/cli/main.ts calls it for `npx
// gatehouse`; the end-to-end tests call it in-process (e2e/support.ts), so a test pays for no
// process start and sees the same words an operator would.
import { parseArgs } from 'node:util';
import { consoleActor } from '@/lib/access/console-actor';
import { maskEmail } from '@/lib/alternate-email/mask-email';
import { listAppPasswords } from '@/lib/app-passwords/list-app-passwords';
import { revokeAppPassword } from '@/lib/app-passwords/revoke-app-password';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { ZEmailSchema } from '@/lib/auth/email-schema';
import { AppError, isAppError } from '@/lib/errors/app-error';
import { purgeExpiredRecords } from '@/lib/maintenance/purge-expired-records';
import { ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { POLICY_METHODS } from '@/lib/core/factor-kinds';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { maskPhoneNumber } from '@/lib/phones/mask-phone-number';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { availableKey, methodName, selfServiceKey, type EffectivePolicy, type FloorKey, type PolicyKey, type TPolicy } from '@/lib/policy/policy-settings';
import { switchesHeldByPlatform } from '@/lib/policy/held-by-platform';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createUser } from '@/lib/users/create-user';
import { grantRole } from '@/lib/access/grant-role';
import { revokeRole } from '@/lib/access/revoke-role';
import { ROLE_WORDS, type RoleWord } from '@/lib/access/roles';
import { createBrand } from '@/lib/brands/create-brand';
import { deleteBrand } from '@/lib/brands/delete-brand';
import { findBrand } from '@/lib/brands/find-brand';
import { listBrands } from '@/lib/brands/list-brands';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import type { RoleName } from '@/lib/db/generated/enums';
import { challengePolicyOfWord, flagOfField, floorFlagName, parseBrandsMayLoosen, parsePolicyFlags, POLICY_FLAG_NAMES } from './policy-flags';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { listUsers } from '@/lib/users/list-users';
import { readDemoPasswords } from '@/lib/users/demo-passwords';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '@/lib/users/seed-demo-accounts';
import { isProduction } from '@/lib/config/env';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { issueRecoveryCodes } from '@/lib/support/issue-recovery-codes';
import { resetRememberedLocations } from '@/lib/support/reset-remembered-locations';
import { resetTwoFactor } from '@/lib/support/reset-two-factor';
import { adjustCredits } from '@/lib/credits/adjust-credits';
import { addMember } from '@/lib/organisations/add-member';
import { createOrganisation } from '@/lib/organisations/create-organisation';
import { findOrganisation } from '@/lib/organisations/find-organisation';
import { listOrganisations } from '@/lib/organisations/list-organisations';
import { ORGANISATION_KIND_WORDS } from '@/lib/organisations/organisation-schema';

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

function formatPolicy(policy: TPolicy, sources?: EffectivePolicy['sources'], held: PolicyKey[] = []): string {
  const from = (...keys: PolicyKey[]) =>
    sources
      ? `  (${keys.some((key) => held.includes(key)) ? 'held by the platform' : keys.some((key) => sources[key] === 'brand') ? 'set by this brand' : 'from the platform'})`
      : '';
  const onOff = (value: boolean) => (value ? 'on' : 'off');
  const lines = POLICY_METHODS.map((method) => {
    const available = policy[availableKey(method)] ? 'on ' : 'off';
    const setUp = policy[selfServiceKey(method)] ? 'users set it up themselves' : 'only staff set it up, for users';
    return `${methodName(method).padEnd(18)}${available}  ${setUp}${from(availableKey(method), selfServiceKey(method))}`;
  });
  lines.push(
    `Text, call and e-mail codes: ${policy.codesMayStandAlone ? 'may be the only second factor' : 'only a backup to an authenticator app'}${from('codesMayStandAlone')}`,
    `Allow two-factor auth (2FA): ${onOff(policy.allowTwoFactor)}${from('allowTwoFactor')}`,
    `Allow users to disable 2FA: ${onOff(policy.allowDisable)}${from('allowDisable')}`,
    `Allow app-specific passwords: ${onOff(policy.allowAppPasswords)}${from('allowAppPasswords')}`,
    `Require two-factor authentication: ${onOff(policy.requireTwoFactor)}, enrolment period ${policy.enrolmentDays} days, ` +
      `from ${policy.enforceFrom ?? 'the start'}${from('requireTwoFactor', 'enrolmentDays', 'enforceFrom')}`,
    `Users may be asked for the code only from a new IP address: ${onOff(policy.offerNewIpChallenge)}${from('offerNewIpChallenge')}`,
    `Users may be asked for the code only from a new country: ${onOff(policy.offerNewCountryChallenge)}${from('offerNewCountryChallenge')}`,
    `Users may choose never to be asked for the code: ${onOff(policy.offerNeverChallenge)}${from('offerNeverChallenge')}`,
    `New mailboxes are asked for the code: ${CHALLENGE_POLICY_LABELS[policy.defaultChallengePolicy].toLowerCase()}${from('defaultChallengePolicy')}`,
  );
  return lines.join('\n');
}

function formatBrandsMayLoosen(keys: FloorKey[]): string {
  return `Brands may loosen: ${keys.length > 0 ? keys.map(floorFlagName).join(', ') : 'nothing (every security switch is a floor)'}`;
}

/** The command's brand: the positional after `brand set|show`. */
async function brandArgument(positionals: string[]) {
  return findBrand(positionals[2] ?? '');
}

function roleArgument(values: { role?: string; brand?: string }): RoleName {
  const word = (values.role ?? '').toLowerCase();
  if (!(word in ROLE_WORDS)) throw new AppError('INVALID_INPUT', { fieldErrors: { role: [`Use one of ${Object.keys(ROLE_WORDS).join(', ')}.`] } });
  return ROLE_WORDS[word as RoleWord];
}

async function roleBrandId(values: { brand?: string }): Promise<string | null> {
  return values.brand === undefined ? null : (await findBrand(values.brand)).id;
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
      ...Object.fromEntries(POLICY_FLAG_NAMES.map((flag) => [flag, { type: 'string' } as const])),
      'brands-may-loosen': { type: 'string' },
      name: { type: 'string' },
      slug: { type: 'string' },
      domain: { type: 'string', multiple: true },
      host: { type: 'string', multiple: true },
      support: { type: 'string' },
      brand: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      number: { type: 'string' },
      address: { type: 'string' },
      country: { type: 'string' },
      via: { type: 'string' },
      code: { type: 'string' },
      reason: { type: 'string' },
      policy: { type: 'string' },
      'revoke-app-passwords': { type: 'boolean', default: false },
      id: { type: 'string' },
      kind: { type: 'string' },
      admin: { type: 'string' },
      org: { type: 'string' },
      credits: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

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
  // One console actor for the whole run: every change it makes is audited under its operator.
  const actor = consoleActor();
  switch (command) {
    case 'user create': {
      const role = values.role === undefined ? null : roleArgument(values);
      const brandId = await roleBrandId(values);
      const user = await createUser({ email: values.email ?? '', password: values.password ?? '' }, { actor });
      if (role) await grantRole({ actor, userId: user.id, role, brandId });
      out.log(values.json ? JSON.stringify(user) : `Created ${user.email}${role ? ` (${values.role})` : ''}, id ${user.id}`);
      return 0;
    }
    case 'role grant':
    case 'role revoke': {
      const role = roleArgument(values);
      const user = await findUserByEmail(values.email ?? '');
      const change = { actor, userId: user.id, role, brandId: await roleBrandId(values) };
      await (command === 'role grant' ? grantRole(change) : revokeRole(change));
      out.log(`${command === 'role grant' ? 'Granted' : 'Revoked'} ${values.role}${values.brand ? ` of ${values.brand}` : ''} ${command === 'role grant' ? 'to' : 'from'} ${user.email}.`);
      return 0;
    }
    case 'brand create': {
      const brand = await createBrand({
        actor,
        brand: { name: values.name ?? '', slug: values.slug ?? '', domains: values.domain ?? [], hosts: values.host ?? [], supportContact: values.support ?? null },
      });
      out.log(values.json ? JSON.stringify(brand) : `Created the brand ${brand.slug}.`);
      return 0;
    }
    case 'brand list': {
      const brands = await listBrands({ actor });
      if (values.json) out.log(JSON.stringify(brands));
      else for (const brand of brands) out.log(`${brand.slug}\t${brand.name}\t${brand.domains.join(',')}\t${brand.hosts.join(',')}\tmailboxes: ${brand.mailboxes}`);
      return 0;
    }
    case 'brand delete': {
      const brand = await brandArgument(positionals);
      await deleteBrand({ actor, brandId: brand.id });
      out.log(`Deleted the brand ${brand.slug}.`);
      return 0;
    }
    case 'brand show': {
      const brand = await brandArgument(positionals);
      const effective = await getEffectivePolicy({ brandId: brand.id });
      const held = switchesHeldByPlatform(await getEffectivePolicy('platform'));
      out.log(
        values.json ? JSON.stringify({ ...effective, heldByPlatform: held }) : `${brand.name} (${brand.slug})\n${formatPolicy(effective.settings, effective.sources, held)}`,
      );
      return 0;
    }
    case 'brand set': {
      const brand = await brandArgument(positionals);
      await updateBrandSettings({ actor, brandId: brand.id, changes: parsePolicyFlags(values, { canInherit: true }) });
      const effective = await getEffectivePolicy({ brandId: brand.id });
      const held = switchesHeldByPlatform(await getEffectivePolicy('platform'));
      out.log(values.json ? JSON.stringify({ ...effective, heldByPlatform: held }) : `Saved.\n${formatPolicy(effective.settings, effective.sources, held)}`);
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
      out.log(
        `A code is on its way to ${maskPhoneNumber(issued.destination)} by ${via === 'sms' ? 'text message' : 'phone call'}. ` +
          `Ask ${user.email} to read it to you, then run: gatehouse phone confirm --email ${user.email} --code <code>`,
      );
      return 0;
    }
    case 'phone confirm': {
      const user = await findUserByEmail(values.email ?? '');
      const { number } = await confirmPhone({ actor, userId: user.id, code: parseSentCode(values.code) });
      out.log(`Saved ${maskPhoneNumber(number)} as a backup phone of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'alternate-email add': {
      const address = ZEmailSchema.safeParse(values.address ?? '');
      if (!address.success) throw new AppError('INVALID_INPUT', { fieldErrors: { address: address.error.issues.map((issue) => issue.message) } });
      const user = await findUserByEmail(values.email ?? '');
      const issued = await startAlternateEmailVerification({ actor, userId: user.id, address: address.data });
      out.log(
        `A code is on its way to ${maskEmail(issued.destination)}. Ask ${user.email} to read it to you, then run: ` +
          `gatehouse alternate-email confirm --email ${user.email} --code <code>`,
      );
      return 0;
    }
    case 'alternate-email confirm': {
      const user = await findUserByEmail(values.email ?? '');
      const { address } = await confirmAlternateEmail({ actor, userId: user.id, code: parseSentCode(values.code) });
      out.log(`Saved ${maskEmail(address)} as the alternate address of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'user unlock':
    case 'support unlock': {
      const user = await findUserByEmail(values.email ?? '');
      await unlockSignIn({ actor, userId: user.id, reason: values.reason });
      out.log(`Unlocked signing in for ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'support disable-2fa': {
      const user = await findUserByEmail(values.email ?? '');
      const { removed, appPasswordsRevoked } = await resetTwoFactor({
        actor,
        userId: user.id,
        reason: values.reason,
        revokeAppPasswords: values['revoke-app-passwords'],
      });
      out.log(
        `Turned off two-factor authentication for ${user.email} (removed: ${removed.join(', ')}${appPasswordsRevoked ? `, ${appPasswordsRevoked} app passwords` : ''}) ` +
          'and signed it out everywhere; they were told by e-mail.',
      );
      return 0;
    }
    case 'support recovery-codes': {
      const user = await findUserByEmail(values.email ?? '');
      const { codes } = await issueRecoveryCodes({ actor, userId: user.id, reason: values.reason });
      out.log(`New backup codes for ${user.email}. They are shown only now; hand them over only after the brand's identity check:`);
      for (const code of codes) out.log(`  ${code}`);
      return 0;
    }
    case 'support reset-locations': {
      const user = await findUserByEmail(values.email ?? '');
      const { forgotten } = await resetRememberedLocations({ actor, userId: user.id, reason: values.reason });
      out.log(`Forgot ${forgotten} remembered addresses and countries of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'support sign-out': {
      const user = await findUserByEmail(values.email ?? '');
      const { revoked } = await signOutEverywhere({ actor, userId: user.id, reason: values.reason });
      out.log(`Ended ${revoked} sessions of ${user.email}; they were told by e-mail.`);
      return 0;
    }
    case 'support challenge': {
      const user = await findUserByEmail(values.email ?? '');
      const challengePolicy = challengePolicyOfWord(values.policy ?? '');
      if (!challengePolicy) throw new AppError('INVALID_INPUT', { fieldErrors: { policy: ['Use always, new-ip, new-country or never.'] } });
      await setChallengePolicy({ actor, userId: user.id, challengePolicy, reason: values.reason });
      out.log(`${user.email} is now asked for a code: ${CHALLENGE_POLICY_LABELS[challengePolicy].toLowerCase()}; they were told by e-mail.`);
      return 0;
    }
    case 'app-password list': {
      const user = await findUserByEmail(values.email ?? '');
      const appPasswords = await listAppPasswords({ userId: user.id });
      if (values.json) out.log(JSON.stringify(appPasswords));
      else if (appPasswords.length === 0) out.log(`${user.email} has no app passwords.`);
      else
        for (const row of appPasswords)
          out.log(
            `${row.id}\t${row.name}\tcreated ${row.createdAt.toISOString()}\t${
              row.lastUsedAt ? `last used ${row.lastUsedAt.toISOString()} from ${row.lastUsedIp ?? '?'} over ${row.lastUsedProtocol ?? '?'}` : 'never used'
            }`,
          );
      return 0;
    }
    case 'app-password revoke': {
      const user = await findUserByEmail(values.email ?? '');
      await revokeAppPassword({ actor, userId: user.id, appPasswordId: values.id ?? '' });
      out.log(`Revoked that app password of ${user.email}; mail apps using it are refused from now on, and they were told by e-mail.`);
      return 0;
    }
    case 'user list': {
      const users = await listUsers();
      if (values.json) out.log(JSON.stringify(users));
      else
        for (const user of users)
          out.log(
            `${user.email}\t${user.brand}\t${user.roles.join(',') || 'mailbox'}\tMFA ${user.isMfaEnabled ? 'on' : 'off'}\tbackup codes left: ${user.unusedBackupCodes}`,
          );
      return 0;
    }
    case 'maintenance purge': {
      const purged = await purgeExpiredRecords();
      out.log(
        `Deleted ${purged.oneTimeCodes} expired codes, ${purged.pendingLogins} expired pending logins and ${purged.sessions} ended sessions.`,
      );
      return 0;
    }
    case 'org create': {
      const kind = ORGANISATION_KIND_WORDS[(values.kind ?? '').toLowerCase() as keyof typeof ORGANISATION_KIND_WORDS];
      if (!kind) throw new AppError('INVALID_INPUT', { fieldErrors: { kind: ['Use family or business.'] } });
      const organisation = await createOrganisation({ actor, organisation: { name: values.name ?? '', kind, adminEmail: values.admin ?? '' } });
      out.log(values.json ? JSON.stringify(organisation) : `Created the ${kind.toLowerCase()} account "${organisation.name}" (id ${organisation.id}) with ${values.admin} as its administrator.`);
      return 0;
    }
    case 'org add-member': {
      const organisation = await findOrganisation(values.org ?? '');
      const role = (values.role ?? 'member').toLowerCase();
      if (role !== 'member' && role !== 'administrator') throw new AppError('INVALID_INPUT', { fieldErrors: { role: ['Use administrator or member.'] } });
      const member = await addMember({ actor, organisationId: organisation.id, email: values.email ?? '', role: role === 'administrator' ? 'ADMINISTRATOR' : 'MEMBER' });
      out.log(`Added ${member.email} to "${organisation.name}" as ${role === 'administrator' ? 'an administrator' : 'a member'}; they were told by e-mail.`);
      return 0;
    }
    case 'org list': {
      const organisations = await listOrganisations({ actor });
      if (values.json) out.log(JSON.stringify(organisations));
      else
        for (const row of organisations)
          out.log(
            `${row.id}\t${row.name}\t${row.kind.toLowerCase()}\t${row.brand}\tSMS logins ${row.allowSmsLogins ? 'on' : 'off'}\tcredits ${row.creditBalance}\tmembers ${row.members}\tadministrators ${row.administrators.join(',')}`,
          );
      return 0;
    }
    case 'org adjust-credits': {
      const organisation = await findOrganisation(values.org ?? '');
      const credits = /^[+-]?\d{1,7}$/.test(values.credits ?? '') ? Number(values.credits) : Number.NaN;
      const { balance } = await adjustCredits({ actor, organisationId: organisation.id, credits, reason: values.reason });
      out.log(`Adjusted "${organisation.name}" by ${credits} credits; the balance is now ${balance}.`);
      return 0;
    }
    case 'demo seed': {
      if (isProduction()) {
        out.error('Demo accounts exist only in development; GATEHOUSE_ENV is production.');
        return 1;
      }
      const { created, replaced, hadPublishedPassword } = await seedDemoAccounts({ actor });
      out.log(created.length ? `Created: ${created.join(', ')}` : 'The demo accounts already exist.');
      if (replaced.length) out.log(`Gave this installation's passwords to: ${replaced.join(', ')}`);
      if (hadPublishedPassword.length) out.error(`These still had a published password and were reset: ${hadPublishedPassword.join(', ')}`);
      out.log('Passwords: npx gatehouse demo show');
      return 0;
    }
    case 'demo show': {
      if (isProduction()) {
        out.error('Demo accounts exist only in development; GATEHOUSE_ENV is production.');
        return 1;
      }
      const passwords = readDemoPasswords();
      if (!passwords) {
        out.error('No demo passwords yet: `npm start` (or `npx gatehouse demo seed`) makes them on first run.');
        return 1;
      }
      const existing = new Set((await listUsers()).map((user) => user.email));
      for (const account of DEMO_ACCOUNTS) {
        const what = account.role ? `${account.role}${account.brand ? ` of ${account.brand}` : ''}` : 'mailbox';
        const note = existing.has(account.email) ? '' : '  (not in this database: npx gatehouse demo seed)';
        out.log(`${account.email}  ${passwords[account.email] ?? '(none yet: npx gatehouse demo seed)'}  (${what})${note}`);
      }
      return 0;
    }
    case 'platform show': {
      // --json prints the settings alone, as before; which switches brands may loosen is `brandsMayLoosen` of `platform set --json`.
      const { settings: policy, brandsMayLoosen } = await getEffectivePolicy('platform');
      out.log(values.json ? JSON.stringify(policy) : `${formatPolicy(policy)}\n${formatBrandsMayLoosen(brandsMayLoosen)}`);
      return 0;
    }
    case 'platform set': {
      const brandsMayLoosen = parseBrandsMayLoosen(values['brands-may-loosen']);
      const changes = parsePolicyFlags(values, { canInherit: false, mayBeEmpty: brandsMayLoosen !== undefined }) as Partial<TPolicy>;
      const policy = await updatePlatformSettings({ actor, changes, brandsMayLoosen });
      const effective = await getEffectivePolicy('platform');
      out.log(
        values.json
          ? JSON.stringify({ ...policy, brandsMayLoosen: effective.brandsMayLoosen })
          : `Saved.\n${formatPolicy(policy)}\n${formatBrandsMayLoosen(effective.brandsMayLoosen)}`,
      );
      return 0;
    }
    default:
      out.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

/** What a command line says: its lines to standard output and to standard error. */
export type CliOutput = { log: (line: string) => void; error: (line: string) => void };

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
