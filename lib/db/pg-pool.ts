import pg from 'pg';
import { requireSetting } from '@/lib/config/env';

const globalForPool = globalThis as unknown as { gatehousePgPool?: pg.Pool };

/** The plain pg pool that rate-limiter-flexible's PostgreSQL store needs. */
export function getPgPool(): pg.Pool {
  if (!globalForPool.gatehousePgPool) {
    const pool = new pg.Pool({ connectionString: requireSetting('DATABASE_URL'), max: 5 });
    // An idle connection the server closes (restart, failover) is emitted here; without a
    // listener that 'error' event would end the whole process. The pool drops the connection
    // and the next query opens a new one.
    pool.on('error', (error) => console.error(`PostgreSQL closed an idle rate-limit connection: ${error.message}`));
    globalForPool.gatehousePgPool = pool;
  }
  return globalForPool.gatehousePgPool;
}

export async function closePgPool(): Promise<void> {
  await globalForPool.gatehousePgPool?.end();
  globalForPool.gatehousePgPool = undefined;
}
