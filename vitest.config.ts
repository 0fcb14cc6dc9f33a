import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/support/vitest-setup.ts'],
    // Integration tests share one embedded PostgreSQL; each test makes its own users.
    fileParallelism: true,
    // maxWorkers stays vitest's default (cores - 1: one file at a time on 2 cores). Two at a time
    // was tried on the shared 2-core machine: under its load, 5 s transactions and 30 s tests timed out.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
