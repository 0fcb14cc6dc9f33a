import ipaddr from 'ipaddr.js';

/**
 * How an address is remembered: an IPv4 address as it is, an IPv6 address by its /64 (one
 * network: a device picks new interface identifiers within it all the time, RFC 8981). Null for
 * what is not an address at all.
 */
export function addressKey(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') return address.toString();
  const network = [...address.toByteArray().slice(0, 8), ...new Array<number>(8).fill(0)];
  return `${ipaddr.fromByteArray(network).toString()}/64`;
}
