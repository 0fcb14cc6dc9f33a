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
    // Two files at a time even on 2 cores (vitest's default is cores - 1): integration tests spend
    // much of their time waiting for PostgreSQL. Measured on the idle 2-core machine: 270 s for the
    // whole suite against about 330 s with one. VITEST_MAX_WORKERS=1 on a machine loaded by other work.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
