export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip';
// Proves the client-IP header was written by our own server (scripts/start.ts), which makes a
// random value per process: an app served some other way, where a client could send the
// header itself, refuses requests instead of trusting it.
export const EDGE_TOKEN_HEADER = 'x-gatehouse-edge';
// The address of the machine at the other end of the HTTP connection, whatever X-Forwarded-For
// says: what endpoints only other servers call (POST /api/mail-auth) check, besides the client.
export const PEER_IP_HEADER = 'x-gatehouse-peer-ip';

export function isLoopbackIp(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

/**
 * The client's address as far as we can trust it. With no trusted proxy it is the socket's peer:
 * X-Forwarded-For is written by the client and would let anyone rotate addresses to dodge the
 * per-IP limits. Behind N proxies, each appends the address it saw, so the Nth entry from the
 * right (counting the socket peer as the last) is the one the outermost proxy saw.
 */
export function resolveClientIp({
  remoteAddress,
  forwardedFor,
  trustedProxyHops,
}: {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxyHops: number;
}): string {
  const peer = normalizeIp(remoteAddress ?? 'unknown');
  if (trustedProxyHops <= 0) return peer;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const index = Math.max(0, chain.length - 1 - trustedProxyHops);
  return normalizeIp(chain[index] ?? peer);
}

export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
