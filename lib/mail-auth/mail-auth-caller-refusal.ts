import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/config/env';
import type { AppErrorCode } from '@/lib/errors/app-error';
import { isLoopbackIp } from '@/lib/http/client-ip';

/**
 * Who may ask Gatehouse about a mail login: Dovecot, and nothing else. Null means this caller
 * may; otherwise why not. In this order, so a machine that may not call learns nothing and can
 * never try secrets:
 * 1. the endpoint exists only when GATEHOUSE_MAIL_AUTH_SECRET is set;
 * 2. the HTTP peer and the client address start.ts resolved must both be loopback or listed in
 *    GATEHOUSE_MAIL_AUTH_ALLOWED_IPS (a request relayed by our own reverse proxy has a loopback
 *    peer, but the client the proxy saw is not allowed); a browser's request (it has an Origin)
 *    never is;
 * 3. `Authorization: Bearer <secret>`, compared in constant time.
 */
export function mailAuthCallerRefusal({
  peerIp,
  clientIp,
  authorization,
  origin,
}: {
  peerIp: string;
  clientIp: string;
  authorization: string | null;
  origin: string | null;
}): Extract<AppErrorCode, 'MAIL_AUTH_NOT_CONFIGURED' | 'MAIL_AUTH_CALLER_NOT_ALLOWED' | 'MAIL_AUTH_SECRET_WRONG'> | null {
  const { GATEHOUSE_MAIL_AUTH_SECRET: secret, GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: allowed } = getEnv();
  if (!secret) return 'MAIL_AUTH_NOT_CONFIGURED';
  const mayCall = (ip: string) => isLoopbackIp(ip) || allowed.has(ip);
  if (!mayCall(peerIp) || !mayCall(clientIp) || origin !== null) return 'MAIL_AUTH_CALLER_NOT_ALLOWED';
  const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  // Hashed first, so the comparison takes the same time whatever length was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret)) ? null : 'MAIL_AUTH_SECRET_WRONG';
}
