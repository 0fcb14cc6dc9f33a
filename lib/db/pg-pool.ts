import pg from 'pg';
import { requireSetting } from '@/lib/config/env';

const globalForPool = globalThis as unknown as { gatehousePgPool?: pg.Pool };

/**
 * The plain pg pool for soft state: rate-limiter-flexible's counters (failure throttles, send
 * allowances, rate limits) and, on the sign-in hot path, the password step's account read and
 * its pending login with that login's 'password verified' audit row (`lib/sign-in/pending-login.ts`).
 * Everything else goes through Prisma's own pool, except SMS credit debits
 * (`lib/credits/debit-credits.ts`), which borrow its connections for transactions that turn
 * synchronous commit back on: money is never soft state.
 *
 * Its sessions commit asynchronously (`synchronous_commit = off`): a commit returns before its WAL
 * reaches the disk, which takes a disk flush off every sign-in (see `npm run bench`). Atomicity and
 * visibility are unchanged; only a crash of the database server within about half a second of a
 * commit can lose it, and never part of it. For what lives here that loss is harmless: a failure
 * count a few attempts short (the Redis store SECURITY.md allows is no more durable), a pending
 * login the user signs in to again, a 'password verified' audit row. A later synchronous commit
 * (every session, factor change and every other audit row, written through Prisma) flushes these
 * with it. A connection pooler that refuses startup options needs them ignored (PgBouncer:
 * `ignore_startup_parameters = options`); the commits are then merely synchronous again.
 */
export function getPgPool(): pg.Pool {
  if (!globalForPool.gatehousePgPool) {
    const pool = new pg.Pool({
      connectionString: requireSetting('DATABASE_URL'),
      max: 5,
      // A startup option, so the setting holds from the connection's first statement.
      options: '-c synchronous_commit=off',
    });
    // An idle connection the server closes (restart, failover) is emitted here; without a
    // listener that 'error' event would end the whole process. The pool drops the connection
    // and the next query opens a new one.
    pool.on('error', (error) => console.error(`PostgreSQL closed an idle connection of the soft-state pool: ${error.message}`));
    globalForPool.gatehousePgPool = pool;
  }
  return globalForPool.gatehousePgPool;
}

export async function closePgPool(): Promise<void> {
  await globalForPool.gatehousePgPool?.end();
  globalForPool.gatehousePgPool = undefined;
}
