import { isIP } from 'node:net';

/**
 * Refuses settings that would expose development conveniences or weaken cookies on a network.
 * Development mode keeps every code readable at /dev/outbox, so it serves loopback only unless
 * GATEHOUSE_ENV=development is set on purpose; production needs an https address (for __Host-
 * Secure cookies). Returns the problems, in sentences; empty means safe to start.
 */
export function checkDeployment({
  gatehouseEnv,
  gatehouseUrl,
  host,
  mailAuthSecret,
  mailAuthAllowedIps,
}: {
  gatehouseEnv: string | undefined;
  gatehouseUrl: string | undefined;
  host: string;
  mailAuthSecret?: string;
  mailAuthAllowedIps?: string;
}): string[] {
  const problems: string[] = [];
  // The mail-login endpoint answers whether a password opens a mailbox: its secret must not be
  // guessable, and only machines named by address may ask (loopback always may).
  if (mailAuthSecret !== undefined && mailAuthSecret.length < 32) {
    problems.push('GATEHOUSE_MAIL_AUTH_SECRET must be at least 32 random characters (or unset, which turns mail logins off).');
  }
  const notAddresses = (mailAuthAllowedIps ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry && isIP(entry) === 0);
  if (notAddresses.length > 0) {
    problems.push(`GATEHOUSE_MAIL_AUTH_ALLOWED_IPS takes IP addresses, comma-separated; these are not: ${notAddresses.join(', ')}.`);
  }
  const isLoopbackHost = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (gatehouseEnv === 'production') {
    if (!gatehouseUrl?.startsWith('https://')) {
      problems.push('GATEHOUSE_ENV=production needs GATEHOUSE_URL to be an https:// address, so session cookies are Secure and __Host- prefixed.');
    }
  } else if (gatehouseEnv === undefined && !isLoopbackHost) {
    problems.push(
      `Gatehouse would serve development mode (codes readable at /dev/outbox) on ${host}. Set GATEHOUSE_ENV=production for a real deployment, or GATEHOUSE_ENV=development to serve development mode on the network on purpose.`,
    );
  }
  return problems;
}
