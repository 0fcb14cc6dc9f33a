// Runs in every vitest test process before its test file. Vitest only.
import type * as Argon2 from '@node-rs/argon2';
import { vi } from 'vitest';

// argon2's `hash`, except where a factory hashes TEST_PASSWORD with the production parameters:
// then the hash made once at global setup (tests/support/reused-hashes.ts). Everything else,
// every verb under test included, hashes and verifies for real.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const argon2 = await importOriginal<typeof Argon2>();
  const { reusedHashFor } = await import('./reused-hashes');
  const hash: typeof argon2.hash = (password, options, signal) => {
    const reused = typeof password === 'string' ? reusedHashFor(password, options) : undefined;
    return reused === undefined ? argon2.hash(password, options, signal) : Promise.resolve(reused);
  };
  return { ...argon2, hash };
});
