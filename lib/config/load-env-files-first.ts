// Imported first by scripts/start.ts and the command line, for its effect: modules that read a
// setting as they load (the embedded database's folder, for one) must already see the .env files.
import { loadEnvFiles } from './load-env-files';

export const LOADED_ENV_FILES = loadEnvFiles({ dir: process.cwd(), isDev: process.argv.includes('--dev') });
