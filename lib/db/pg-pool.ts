import pg from 'pg';
import { requireSetting } from '@/lib/config/env';

const globalForPool = globalThis as unknown as { gatehousePgPool?: pg.Pool };

/** The plain pg pool that rate-limiter-flexible's PostgreSQL store needs. */
export function getPgPool(): pg.Pool {
  globalForPool.gatehousePgPool ??= new pg.Pool({ connectionString: requireSetting('DATABASE_URL'), max: 5 });
  return globalForPool.gatehousePgPool;
}

export async function closePgPool(): Promise<void> {
  await globalForPool.gatehousePgPool?.end();
  globalForPool.gatehousePgPool = undefined;
}
