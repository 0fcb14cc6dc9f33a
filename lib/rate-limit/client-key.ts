import { getEnv } from '@/lib/config/env';
import { networkKey } from '@/lib/geo/address-key';

/**
 * The one name every per-address limit counts a client under (wrong passwords, codes sent, mail
 * logins, second-factor and verification codes, form posts). An IPv4 address is one client; an
 * IPv6 client is its network, the first RATE_LIMIT_IPV6_PREFIX bits (/64 unless configured): a
 * host hands each customer at least a /64, and a device picks any of its 2^64 addresses at will
 * (RFC 8981), so keying by the whole address would give an attacker a fresh count per request.
 * What is not an address (no socket address at all) is counted as it is written.
 */
export function clientKey(ip: string): string {
  return networkKey(ip, getEnv().RATE_LIMIT_IPV6_PREFIX) ?? ip;
}
