import { createRequire } from 'node:module';
import type * as NextEnv from '@next/env';
import { SETTING_NAMES } from './env';

// Required, not imported: @next/env is a CommonJS bundle whose names an ES import cannot see, and
// it must be the very instance Next requires, since that instance remembers what was loaded.
const { loadEnvConfig, updateInitialEnv } = createRequire(import.meta.url)('@next/env') as typeof NextEnv;

/**
 * Reads the .env files Next.js would read (.env.production.local, .env.local, .env.production,
 * .env; the development names under `npm run dev`), with Next's own loader, before any start
 * check runs: the checks and the app then see one configuration. Next keeps what it loaded
 * here and does not load again. A variable already in the environment wins over the files, and an
 * empty line in a file (`DATABASE_URL=`, as in .env.example) means unset, not "".
 * Returns the files read, for the start log.
 */
export function loadEnvFiles({ dir, isDev }: { dir: string; isDev: boolean }): string[] {
  const quiet = { info: () => undefined, error: (...args: unknown[]) => console.error(...args) };
  const { parsedEnv, loadedEnvFiles } = loadEnvConfig(dir, isDev, quiet);
  for (const [name, value] of Object.entries(parsedEnv ?? {})) {
    if (value === '') delete process.env[name];
  }
  return loadedEnvFiles.map((file) => file.path);
}

/**
 * Called once the start has checked and completed the environment: makes it the baseline Next's
 * development server restores when a .env file changes, so an edit can neither drop what the start
 * added (the edge token, the database address), nor change a setting that was checked, nor add one
 * of Gatehouse's settings that was unset (pinned as "": Next's loader adds no file value over it,
 * and getEnv reads "" as unset).
 */
export function pinEnvironment(): void {
  const unset = SETTING_NAMES.filter((name) => process.env[name] === undefined).map((name) => [name, '']);
  updateInitialEnv({ ...process.env, ...Object.fromEntries(unset) });
}
