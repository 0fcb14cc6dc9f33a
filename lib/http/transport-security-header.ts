// Once a browser has reached Gatehouse over https, it must never again send a password or a code
// over plain http, not even after a user types the bare host name or follows an old link
// (OWASP ASVS 5.0 3.4.1). Two years, the preload list's minimum; subdomains of the portal's own
// host are covered too, which never includes the mail host's sibling names.
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** The Strict-Transport-Security value for this deployment, or null when it is not served over https. */
export function transportSecurityHeader({ gatehouseUrl }: { gatehouseUrl: string | undefined }): string | null {
  return gatehouseUrl?.startsWith('https://') ? STRICT_TRANSPORT_SECURITY : null;
}
