import { isIP } from 'node:net';
import { parseKeyring } from '@/lib/crypto/secret-box';
import { isLoopbackHost } from '@/lib/http/is-direct-local-request';

/**
 * Refuses settings that would expose development conveniences or weaken cookies on a network.
 * Development mode keeps every code readable at /dev/outbox and has demo accounts, so it serves
 * loopback only unless GATEHOUSE_ENV=development is set on purpose, and never under an https or
 * public GATEHOUSE_URL (which means people reach it through a proxy). Production needs an https
 * address (for __Host- Secure cookies) and its own secrets, and takes no demo accounts and no
 * development server. Returns the problems, in sentences; empty means safe to start.
 * (The database is checked once it is open: lib/users/find-development-leftovers.ts.)
 */
export function checkDeployment({
  gatehouseEnv,
  gatehouseUrl,
  host,
  mailAuthSecret,
  mailAuthAllowedIps,
  nextauthSecret,
  encryptionKeys,
  demoAccounts,
  throwawayData,
  isDevServer = false,
}: {
  gatehouseEnv: string | undefined;
  gatehouseUrl: string | undefined;
  host: string;
  mailAuthSecret?: string;
  mailAuthAllowedIps?: string;
  nextauthSecret?: string;
  encryptionKeys?: string;
  demoAccounts?: string;
  throwawayData?: string;
  isDevServer?: boolean;
}): string[] {
  const problems: string[] = [];
  // An unknown word ("prod", "Production") must not quietly mean development.
  if (gatehouseEnv !== undefined && gatehouseEnv !== 'development' && gatehouseEnv !== 'production') {
    return [`GATEHOUSE_ENV is "${gatehouseEnv}"; it must be "production" or "development" (or unset, which means development on this machine only).`];
  }
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
  if (gatehouseEnv === 'production') {
    if (!gatehouseUrl?.startsWith('https://')) {
      problems.push('GATEHOUSE_ENV=production needs GATEHOUSE_URL to be an https:// address, so session cookies are Secure and __Host- prefixed.');
    }
    if (!nextauthSecret || nextauthSecret.length < 32) {
      problems.push('GATEHOUSE_ENV=production needs NEXTAUTH_SECRET: 32 or more random characters of its own (development generates one; production never does).');
    }
    if (!encryptionKeys) {
      problems.push('GATEHOUSE_ENV=production needs GATEHOUSE_ENCRYPTION_KEYS ("keyId:base64-of-32-bytes"; .env.example shows how to make one).');
    } else {
      try {
        parseKeyring(encryptionKeys);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (demoAccounts !== undefined && demoAccounts !== 'off') {
      problems.push('GATEHOUSE_DEMO_ACCOUNTS asks for demo accounts, which exist only in development. Remove it for production.');
    }
    if (throwawayData !== undefined && throwawayData !== 'off') {
      problems.push('GATEHOUSE_DATA_THROWAWAY skips the database\'s disk flushes, for a test\'s temporary database only. Remove it for production.');
    }
    if (isDevServer) {
      problems.push('GATEHOUSE_ENV=production cannot run on Next\'s development server (npm run dev); use npm start.');
    }
  } else {
    if (gatehouseEnv === undefined && !isLoopbackHostName(host)) {
      problems.push(
        `Gatehouse would serve development mode (codes readable at /dev/outbox) on ${host}. Set GATEHOUSE_ENV=production for a real deployment, or GATEHOUSE_ENV=development to serve development mode on the network on purpose.`,
      );
    }
    // Development is for this machine: an https or public address means visitors arrive through
    // a proxy, where the demo accounts and the outbox must never be.
    const url = parseUrl(gatehouseUrl);
    if (gatehouseUrl !== undefined && (!url || url.protocol !== 'http:' || !isLoopbackHost(url.host))) {
      problems.push(
        `Development mode (demo accounts, codes at /dev/outbox) runs only at an http://localhost address, and GATEHOUSE_URL is ${gatehouseUrl}. Set GATEHOUSE_ENV=production (with its secrets) to serve people at that address.`,
      );
    }
  }
  return problems;
}

function isLoopbackHostName(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(host);
}

function parseUrl(value: string | undefined): URL | null {
  try {
    return value === undefined ? null : new URL(value);
  } catch {
    return null;
  }
}
