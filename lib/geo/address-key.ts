import ipaddr from 'ipaddr.js';

/**
 * How an address is remembered: an IPv4 address as it is, an IPv6 address by its /64 (one
 * network: a device picks new interface identifiers within it all the time, RFC 8981). Null for
 * what is not an address at all.
 */
export function addressKey(ip: string): string | null {
  return networkKey(ip, 64);
}

/**
 * An address as the network it stands for: an IPv4 address (or an IPv4-mapped IPv6 one) as it
 * is, an IPv6 address by its first `ipv6PrefixLength` bits, written as the network
 * (`2001:db8:1:2::/64`). Null for what is not an address at all.
 */
export function networkKey(ip: string, ipv6PrefixLength: number): string | null {
  if (!ipaddr.isValid(ip)) return null;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') return address.toString();
  const bytes = address.toByteArray();
  const network = bytes.map((byte, index) => {
    const kept = Math.min(8, Math.max(0, ipv6PrefixLength - index * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
  return `${ipaddr.fromByteArray(network).toString()}/${ipv6PrefixLength}`;
}
