import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { isLoopbackIp, normalizeIp } from './client-ip';

// Stamped by scripts/start.ts on every request it hands to Next ("1" or "0"), overwriting a
// client's header of that name; the app trusts it only beside the edge token.
export const DIRECT_LOCAL_HEADER = 'x-gatehouse-direct-local';

// Headers a reverse proxy adds (nginx's usual proxy_set_header lines, Caddy, Apache's mod_proxy,
// Squid and Varnish): any one of them means the request did not come straight from this machine.
const PROXY_HEADER = /^(forwarded|x-forwarded-.+|x-real-ip|via|x-original-host|x-original-forwarded-for)$/;

/** True for a Host header that names this machine: localhost (or a *.localhost name), 127.x, ::1. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']') === -1 ? undefined : name.indexOf(']'));
  else if (isIP(name) !== 6) name = name.replace(/:\d*$/, '');
  name = name.replace(/\.$/, '');
  if (isIP(name)) return isLoopbackIp(normalizeIp(name));
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Whether a request came straight from a browser or tool on this machine, not through a proxy:
 * the peer is loopback, no proxy header is present, the Host names this machine, and it speaks
 * HTTP/1.1 or later (nginx's proxy_pass speaks HTTP/1.0 unless told otherwise, and browsers never
 * do). The development outbox answers only such requests: a proxy on the same host would
 * otherwise make every visitor look like this machine.
 */
export function isDirectLocalRequest({
  peerIp,
  headers,
  httpVersion,
}: {
  peerIp: string;
  headers: IncomingHttpHeaders;
  httpVersion: string;
}): boolean {
  if (!isLoopbackIp(normalizeIp(peerIp))) return false;
  if (Object.keys(headers).some((name) => PROXY_HEADER.test(name.toLowerCase()))) return false;
  if (!isLoopbackHost(headers.host)) return false;
  return httpVersion !== '1.0' && httpVersion !== '0.9';
}
