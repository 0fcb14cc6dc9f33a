import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
// (`Algorithm.Argon2id` is a const enum that isolated modules cannot read; 2 is its value, and a
// test checks that stored hashes say argon2id.)
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// A real hash of a random password. Unknown e-mail addresses are checked against it so that
// they take as long to refuse as a wrong password does.
const UNKNOWN_ACCOUNT_HASH = hash(crypto.randomUUID(), ARGON2_OPTIONS);

/** True when `password` matches `passwordHash`; with no hash, spends the same time and is false. */
export async function verifyPassword({ password, passwordHash }: { password: string; passwordHash: string | null }): Promise<boolean> {
  if (passwordHash === null) {
    await verify(await UNKNOWN_ACCOUNT_HASH, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
