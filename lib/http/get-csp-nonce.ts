import { headers } from 'next/headers';
import { CSP_NONCE_HEADER } from './content-security-policy';

/**
 * This request's CSP nonce, for a server component's own inline <style nonce={…}> (the brand
 * stylesheet). Reading it makes the page dynamic, which nonces need anyway. Null only where
 * proxy.ts did not run, and there no inline style may be sent.
 */
export async function getCspNonce(): Promise<string | null> {
  return (await headers()).get(CSP_NONCE_HEADER);
}
