import { headers } from 'next/headers';
import { CLIENT_IP_HEADER } from './client-ip';

/** Who is asking: recorded on audit rows and used as the per-IP key of rate limits. */
export type RequestContext = { ip: string; userAgent: string | null };

export async function getRequestContext(): Promise<RequestContext> {
  const list = await headers();
  // Set by our server (scripts/start.ts) from the socket and the trusted proxies only; a header
  // of the same name sent by a client is overwritten there.
  return {
    ip: list.get(CLIENT_IP_HEADER) ?? 'unknown',
    userAgent: list.get('user-agent')?.slice(0, 512) ?? null,
  };
}
