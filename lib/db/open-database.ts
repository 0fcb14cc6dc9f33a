import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';

// GATEHOUSE_DATA_DIR moves the embedded server's files; the end-to-end tests use a fresh one,
// with GATEHOUSE_DATA_THROWAWAY=on, since it is deleted after the run (never in production:
// lib/config/check-deployment.ts refuses it there).
export const DEFAULT_DATA_DIR = process.env.GATEHOUSE_DATA_DIR ?? path.join(process.cwd(), '.data', 'postgres');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database every Gatehouse process uses: DATABASE_URL when set (any PostgreSQL, nothing is
 * started), otherwise the embedded server in .data/postgres. When `npm start` already runs that
 * server, commands such as `npx gatehouse user list` join it instead of starting a second one.
 */
export async function openDatabase({ dataDir = DEFAULT_DATA_DIR }: { dataDir?: string } = {}): Promise<RunningPostgres> {
  if (process.env.DATABASE_URL) {
    return { databaseUrl: process.env.DATABASE_URL, stop: async () => {} };
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    // postmaster.pid: line 1 is the server's pid, line 4 its port.
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid && port && isAlive(pid)) {
      return { databaseUrl: `postgresql://gatehouse:gatehouse@127.0.0.1:${port}/gatehouse`, stop: async () => {} };
    }
  }
  return startEmbeddedPostgres({ dataDir, throwaway: process.env.GATEHOUSE_DATA_THROWAWAY === 'on' });
}
