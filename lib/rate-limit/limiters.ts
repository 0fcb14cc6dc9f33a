import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { getPgPool } from '@/lib/db/pg-pool';

// Counters live in PostgreSQL (the rate_limits table from our migrations), so every app instance
// shares one count. Each limiter is created once per process.
const globalForLimiters = globalThis as unknown as { gatehouseLimiters?: Map<string, RateLimiterPostgres> };

export function limiter(keyPrefix: string, { points, durationSeconds }: { points: number; durationSeconds: number }): RateLimiterPostgres {
  globalForLimiters.gatehouseLimiters ??= new Map();
  const id = `${keyPrefix}:${points}:${durationSeconds}`;
  let instance = globalForLimiters.gatehouseLimiters.get(id);
  if (!instance) {
    instance = new RateLimiterPostgres({
      storeClient: getPgPool(),
      tableName: 'rate_limits',
      tableCreated: true,
      keyPrefix,
      points,
      duration: durationSeconds,
    });
    globalForLimiters.gatehouseLimiters.set(id, instance);
  }
  return instance;
}

export function resetLimiterCache(): void {
  globalForLimiters.gatehouseLimiters = undefined;
}
