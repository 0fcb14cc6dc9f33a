// What every command of the administrator's command line is handed, and the helpers more than one
// noun uses. The commands themselves are lib/cli/commands/<noun>.ts; lib/cli/run.ts parses a
// command line and dispatches it.
import { parseArgs } from 'node:util';
import type { Actor } from '@/lib/core/actor';
import { AppError } from '@/lib/errors/app-error';
import { ZSentCodeSchema } from '@/lib/mfa/code-schema';
import { POLICY_FLAG_NAMES } from './policy-flags';

/** What a command line says: its lines to standard output and to standard error. */
export type CliOutput = { log: (line: string) => void; error: (line: string) => void };

export function parseCommandLine(argv: string[]) {
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
      'texts-paid-by': { type: 'string' },
      packs: { type: 'string' },
      // `brand set`'s look: the primary colour, and files holding the logo and the stylesheet.
      colour: { type: 'string' },
      logo: { type: 'string' },
      css: { type: 'string' },
      'email-from': { type: 'string' },
      'sms-sender': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** One parsed command line, as a command receives it. */
export type CommandInput = {
  /** The two words that name the command (`brand set`). */
  command: string;
  positionals: string[];
  values: ReturnType<typeof parseCommandLine>['values'];
  /** The console actor of the whole run: every change it makes is audited under its operator. */
  actor: Actor;
  out: CliOutput;
};

/** A command answers with its exit code; a Gatehouse refusal it throws becomes exit code 2. */
export type Command = (input: CommandInput) => Promise<number>;
export type Commands = Record<string, Command>;

/** A 6-digit code as typed at the console, refused with the same message the web form gives. */
export function parseSentCode(value: string | undefined): string {
  const code = ZSentCodeSchema.safeParse(value ?? '');
  if (!code.success) throw new AppError('INVALID_INPUT', { fieldErrors: { code: code.error.issues.map((issue) => issue.message) } });
  return code.data;
}
