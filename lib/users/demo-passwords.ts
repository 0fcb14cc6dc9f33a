import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Beside the development secrets in .data/ (git-ignored): the demo accounts' passwords of this
// installation. Printed by `npm start` and `npx gatehouse demo show`; never committed or published.
export const DEMO_PASSWORDS_FILE = path.join(process.cwd(), '.data', 'demo-passwords.json');

// No 0/o, 1/l/i: read off a terminal and typed into a form.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 4 groups of 5 from 31 symbols: about 99 bits, far beyond guessing, still easy to type. */
export function newDemoPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export type DemoPasswords = Record<string, string>;

/** The passwords this installation made, or null before the demo accounts were first seeded. */
export function readDemoPasswords(file = DEMO_PASSWORDS_FILE): DemoPasswords | null {
  if (!existsSync(file)) return null;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Object.values(parsed).some((value) => typeof value !== 'string')) {
    throw new Error(`${file} is not a map of e-mail addresses to passwords; delete it and run "npx gatehouse demo seed" for new ones.`);
  }
  return parsed as DemoPasswords;
}

/**
 * A password for each of `emails`: the ones already in the file, new random ones for the rest
 * (written with owner-only permissions). `isNew` lists the addresses given a password just now.
 */
export function ensureDemoPasswords({ emails, file = DEMO_PASSWORDS_FILE }: { emails: readonly string[]; file?: string }): {
  passwords: DemoPasswords;
  isNew: Set<string>;
} {
  const passwords = readDemoPasswords(file) ?? {};
  const isNew = new Set(emails.filter((email) => !passwords[email]));
  if (isNew.size > 0) {
    for (const email of isNew) passwords[email] = newDemoPassword();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  }
  return { passwords, isNew };
}

/**
 * A secret of this installation kept in the same file under `key` (not an address, so never taken
 * for a password): the one there, or `make()` written now. The demo administrators' authenticator
 * keys live here, printed by `npx gatehouse demo show` with the passwords.
 */
export function ensureDemoSecret({ key, make, file = DEMO_PASSWORDS_FILE }: { key: string; make: () => string; file?: string }): string {
  const secrets = readDemoPasswords(file) ?? {};
  const existing = secrets[key];
  if (existing) return existing;
  secrets[key] = make();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets[key];
}
