import { isProduction } from '@/lib/config/env';

/**
 * The development outbox shows every code and notice in plain text, so it exists only outside
 * production, and even then answers only a request made on this machine without any proxy in
 * between (lib/http/is-direct-local-request.ts): a development instance behind nginx must not
 * show every visitor's codes.
 */
export function isOutboxAvailable({ isDirectLocal }: { isDirectLocal: boolean }): boolean {
  return !isProduction() && isDirectLocal;
}
