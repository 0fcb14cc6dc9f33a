import { isProduction } from '@/lib/config/env';

/**
 * The development outbox shows every code and notice in plain text, so it exists only outside
 * production (GATEHOUSE_ENV=production removes the page).
 */
export function isOutboxAvailable(): boolean {
  return !isProduction();
}
