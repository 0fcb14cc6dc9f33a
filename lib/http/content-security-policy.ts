import { randomBytes } from 'node:crypto';

/**
 * The request header proxy.ts sets to this request's nonce, for server components that must mark
 * their own inline <style> or <script> (getCspNonce). Next itself reads the nonce from the
 * request's Content-Security-Policy header instead, which proxy.ts sets to the same policy.
 */
export const CSP_NONCE_HEADER = 'x-nonce';

/** 128 random bits, fresh for every request: a nonce an attacker could predict or reuse is no nonce. */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The one Content-Security-Policy of every page. Tenant-supplied CSS and logos (SECURITY.md,
 * "Tenant-supplied look") are sanitised, and this policy is the second line: whatever a sanitiser
 * misses can reach no origin but ours, so it cannot send data out or pull code in.
 * - script-src: only scripts carrying this request's nonce (Next puts it on its own bootstrap,
 *   chunk and inline flight-data scripts), and with 'strict-dynamic' the chunks those load.
 *   'self' is ignored by browsers that understand 'strict-dynamic'; it stays for older ones.
 *   `next dev` needs 'unsafe-eval' (React rebuilds server error stacks with eval), production never.
 * - style-src: our stylesheets, and inline <style> only with the nonce (the brand stylesheet will
 *   carry it). No 'unsafe-inline', so an injected <style> or style="" attribute does not apply.
 * - img-src allows data: so a small brand logo may be inlined as a data URL; a data: URL is read
 *   from the page itself and carries nothing out. Nothing else (the QR code is inline SVG).
 * - default-src 'self' covers everything not named (media, manifests, workers); connect-src,
 *   font-src and frame-src are spelt out so a later default-src change cannot widen them.
 * - frame-ancestors, base-uri, form-action and object-src were the whole policy before nonces.
 */
export function contentSecurityPolicy({ nonce, isDevelopment }: { nonce: string; isDevelopment: boolean }): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    // `next dev` injects its overlay's and hot reload's styles unsigned. A nonce makes browsers
    // ignore 'unsafe-inline', so development trades the nonce for it; production never does.
    'style-src': ["'self'", isDevelopment ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * The policy of a brand's logo and prompt stylesheet (app/brands/[slug]/…). Opened directly they
 * are documents of our origin: whatever a sanitiser missed, no script runs (sandbox, no
 * script-src) and nothing is fetched (default-src 'none'); an SVG's own inline styles may apply.
 */
export const BRAND_ASSET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
export const BRAND_ASSET_PATH = /^\/brands\/[^/]+\/(logo|prompt\.css)$/;
