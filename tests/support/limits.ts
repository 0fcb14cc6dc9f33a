// rate-limiter-flexible stores each counter as a `rate_limits` row keyed `<keyPrefix>:<key>`:
// `fail:` is the consecutive-failure count, `wait:` the pause it earned, `ipfail:` the per-IP
// window, and the send allowances their own prefixes. Vitest only.
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { destinationKey, mailLoginThrottle, passwordThrottle } from '@/lib/rate-limit/throttle-keys';

/** The throttle key of wrong passwords typed for `email` (a keyed hash: the table holds no address). */
export function passwordKey(email: string): string {
  return passwordThrottle({ email, ip: '' }).account;
}

// The destination allowance names a number or address only by its keyed hash.
function rowKey(keyPrefix: string, key: string): string {
  return `${keyPrefix}:${keyPrefix === 'send-destination' ? destinationKey(key) : key}`;
}

/** Stands for `failures` earlier failed attempts on a throttle key, whose waits have all passed. */
export async function preloadFailures(account: string, failures: number): Promise<void> {
  await prisma.rateLimit.create({ data: { key: `fail:${account}`, points: failures, expire: null } });
}

/** Stands for "the wait has passed" on a throttle key, without sleeping through it. */
export async function endWait(account: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: `wait:${account}` } });
}

/**
 * Stands for an address that has used up its window of failed passwords across all accounts:
 * 50 in 15 minutes, the window Gatehouse promises (written out, so that a looser limit fails).
 */
export async function blockAddressForPasswords(request: RequestContext): Promise<void> {
  await prisma.rateLimit.create({
    data: { key: `ipfail:password:${request.ip}`, points: 50, expire: BigInt(Date.now() + 15 * 60 * 1000) },
  });
}

/** Points taken from one hourly send allowance (rate_limits row `prefix:key`), 0 when none. */
export async function allowanceUsed(keyPrefix: string, key: string): Promise<number> {
  const rows = await prisma.$queryRaw<{ points: number }[]>`
    SELECT points FROM rate_limits WHERE key = ${rowKey(keyPrefix, key)} AND (expire IS NULL OR expire > ${Date.now()})`;
  return rows[0]?.points ?? 0;
}

/** Whether any rate_limits row exists for `prefix:key`, expired or not. */
export async function hasAllowanceRow(keyPrefix: string, key: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM rate_limits WHERE key = ${rowKey(keyPrefix, key)}`;
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The throttle key of wrong passwords mail clients offered for `email` (its own, apart from the web's). */
export function mailLoginKey(email: string): string {
  return mailLoginThrottle({ email, ip: '' }).account;
}
