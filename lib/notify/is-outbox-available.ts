import { isProduction } from '@/lib/config/env';
import { isLoopbackIp } from '@/lib/http/client-ip';

/**
 * The development outbox shows every code and notice in plain text, so it exists only outside
 * production, and even then answers only to this machine (loopback), in case a development
 * instance is reachable from elsewhere.
 */
export function isOutboxAvailable({ clientIp }: { clientIp: string }): boolean {
  return !isProduction() && isLoopbackIp(clientIp);
}
