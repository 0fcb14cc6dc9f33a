// Argon2id with the production parameters is meant to be slow, and test setup used to pay it on
// every account it made: one hash for TEST_PASSWORD and ten for the backup codes of each account
// with an authenticator, several seconds of CPU per test file on a 2-core machine. The vitest
// global setup hashes them once, with the production parameters, and hands them to every test
// process in GATEHOUSE_TEST_REUSED_HASHES. Only the factories in tests/support/users.ts take them;
// the verbs under test, and the tests of hashing itself, still hash for real. Without the variable
// (Playwright's seeding, a lone script) the factories hash as before.
import { AsyncLocalStorage } from 'node:async_hooks';

export const REUSED_HASHES_ENV = 'GATEHOUSE_TEST_REUSED_HASHES';

type Argon2Options = { algorithm?: number; memoryCost?: number; timeCost?: number; parallelism?: number };

export type ReusedHashes = {
  /** The parameters every hash below was made with: the production ones. */
  options: Argon2Options;
  password: string;
  passwordHash: string;
  /** Sets of backup codes (canonical form) with their hashes; no code is in two sets. */
  backupCodeSets: { code: string; codeHash: string }[][];
};

let parsed: ReusedHashes | null | undefined;
function reusedHashes(): ReusedHashes | null {
  if (parsed === undefined) {
    const json = process.env[REUSED_HASHES_ENV];
    parsed = json ? (JSON.parse(json) as ReusedHashes) : null;
  }
  return parsed;
}

function sameOptions(a: Argon2Options | null | undefined, b: Argon2Options): boolean {
  return (
    a != null &&
    a.algorithm === b.algorithm &&
    a.memoryCost === b.memoryCost &&
    a.timeCost === b.timeCost &&
    a.parallelism === b.parallelism
  );
}

// Set only while a factory makes an account, so a verb under test never gets a reused hash.
const inFactory = new AsyncLocalStorage<true>();

/** Runs `make` (a factory's call of the real createUser) letting it reuse TEST_PASSWORD's hash. */
export function withReusedPasswordHash<T>(make: () => Promise<T>): Promise<T> {
  return inFactory.run(true, make);
}

/**
 * For the vitest setup's stand-in of argon2's `hash`: the reused hash when a factory is hashing
 * TEST_PASSWORD with the production parameters, else undefined (then the real hash runs).
 */
export function reusedHashFor(password: string, options: Argon2Options | null | undefined): string | undefined {
  const reused = reusedHashes();
  if (!reused || inFactory.getStore() !== true) return undefined;
  if (password !== reused.password || !sameOptions(options, reused.options)) return undefined;
  return reused.passwordHash;
}

// Each set goes to one account of this process at most, so two accounts of one test file never
// share a code (a test checks that one account's code does not open another).
let nextSet = 0;

/** A fresh set of backup codes with their hashes, or null when there is none left (hash them). */
export function takeReusedBackupCodes(): { code: string; codeHash: string }[] | null {
  const set = reusedHashes()?.backupCodeSets[nextSet];
  if (!set) return null;
  nextSet++;
  return set;
}
