import os from 'node:os';
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
    // Vitest's default is one file fewer than cores, so one at a time on a 2-core machine. The
    // integration tests spend much of their time waiting for PostgreSQL: two files at a time keep
    // both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
