import { headers } from 'next/headers';
import { timingSafeEqual } from 'node:crypto';
import { CLIENT_IP_HEADER, EDGE_TOKEN_HEADER, PEER_IP_HEADER } from './client-ip';
import { DIRECT_LOCAL_HEADER } from './is-direct-local-request';

/** Who is asking: recorded on audit rows and used as the per-IP key of rate limits. */
export type RequestContext = { ip: string; userAgent: string | null };

export async function getRequestContext(): Promise<RequestContext> {
  const list = await headers();
  // Set by our server (scripts/start.ts) from the socket and the trusted proxies only; a header
  // of the same name sent by a client is overwritten there, and the edge token proves it.
  const expected = Buffer.from(process.env.GATEHOUSE_EDGE_TOKEN ?? '');
  const presented = Buffer.from(list.get(EDGE_TOKEN_HEADER) ?? '');
  if (expected.length === 0 || expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    throw new Error('Gatehouse must be served by scripts/start.ts (npm start / npm run dev), which vouches for the client address.');
  }
  return {
    ip: list.get(CLIENT_IP_HEADER) ?? 'unknown',
    userAgent: list.get('user-agent')?.slice(0, 512) ?? null,
  };
}

/**
 * The address of the machine that opened this HTTP connection (never a forwarded claim), vouched
 * for by scripts/start.ts like the client address.
 */
export async function getHttpPeerIp(): Promise<string> {
  await getRequestContext();
  return (await headers()).get(PEER_IP_HEADER) ?? 'unknown';
}

/**
 * Whether this request came straight from this machine, not through any proxy (see
 * isDirectLocalRequest), as scripts/start.ts judged it from the raw request before Next saw it.
 */
export async function isDirectLocal(): Promise<boolean> {
  await getRequestContext();
  return (await headers()).get(DIRECT_LOCAL_HEADER) === '1';
}
