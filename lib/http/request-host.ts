import { headers } from 'next/headers';

/**
 * The host name this request was made to, as Next's own server-action origin check reads it:
 * the first X-Forwarded-Host, else Host. scripts/start.ts removes a client's X-Forwarded-Host
 * unless TRUSTED_PROXY_HOPS says a proxy of ours is in front (which then sets it), so a visitor
 * cannot pick another host's look, and the origin check compares the browser's Origin with the
 * host the browser really used.
 */
export async function requestHost(): Promise<string | null> {
  const list = await headers();
  const forwarded = list.get('x-forwarded-host')?.split(',')[0]?.trim();
  return forwarded || list.get('host');
}
