// Lint: Next.js's own rules (React, hooks, Core Web Vitals), typescript-eslint's, and the few
// habits this codebase keeps: no unused code, type-only imports marked as such. Runs in npm test;
// an error fails it.
import { readdirSync } from 'node:fs';
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// The floors of lib/ (README, "Floors"): imports only go down. Infrastructure imports nothing
// above it, the ground floor lib/core only infrastructure, features anything in lib/, and app/
// anything; nothing in lib/ imports app/, nor the command line lib/cli (app's floor). Features are
// every other folder of lib/, so a new one is a feature without a change here. Circles among
// lib's modules are scripts/check-import-cycles.ts's.
const LIB_FOLDERS = readdirSync(new URL('./lib', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
export const INFRASTRUCTURE = ['db', 'errors', 'config', 'crypto', 'http', 'rate-limit', 'geo', 'messaging', 'notify', 'audit'];
export const floorZones = [
  {
    target: INFRASTRUCTURE.map((folder) => `./lib/${folder}`),
    from: './lib',
    except: INFRASTRUCTURE.map((folder) => `./${folder}`),
    message: 'Infrastructure (lib/db, errors, config, crypto, http, rate-limit, geo, messaging, notify, audit) imports no ground floor (lib/core) nor feature: take the value as a parameter, or move the piece down.',
  },
  {
    target: './lib/core',
    from: './lib',
    except: ['./core', ...INFRASTRUCTURE.map((folder) => `./${folder}`)],
    message: 'The ground floor lib/core imports only itself and infrastructure, never a feature: move the piece down, or let the feature pass it in.',
  },
  { target: './lib', from: './app', message: 'lib/ never imports app/: pages call lib, not the other way round.' },
  {
    target: LIB_FOLDERS.filter((folder) => folder !== 'cli').map((folder) => `./lib/${folder}`),
    from: './lib/cli',
    message: 'Nothing in lib/ imports the command line (lib/cli): it calls verbs like a page does.',
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // An underscore marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    // A test sits beside the verb it tests but builds its world with whatever factories it needs
    // (a brand, an account with phones): the floors are the running code's, not the tests'.
    ignores: ['lib/**/*.test.ts'],
    rules: { 'import/no-restricted-paths': ['error', { zones: floorZones }] },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@/lib/db/prisma', message: 'Pages and routes read and change through lib/ (a read model or a verb), never Prisma directly.' }] },
      ],
    },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'lib/db/generated/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'test-reports/**', '.data/**']),
]);
