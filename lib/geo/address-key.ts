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
  const written = withoutPort(ip.trim());
  if (!ipaddr.isValid(written)) return null;
  let address = ipaddr.parse(written);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  // A 6to4 address (2002:AABB:CCDD::/48) is made from the IPv4 address AABBCCDD, whose holder
  // has all 65,536 of its /64s: counted as that IPv4 address.
  const bytes6 = address.kind() === 'ipv6' ? address.toByteArray() : null;
  if (bytes6 && bytes6[0] === 0x20 && bytes6[1] === 0x02) address = ipaddr.fromByteArray(bytes6.slice(2, 6));
  if (address.kind() === 'ipv4') return address.toString();
  const bytes = address.toByteArray();
  const network = bytes.map((byte, index) => {
    const kept = Math.min(8, Math.max(0, ipv6PrefixLength - index * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
  return `${ipaddr.fromByteArray(network).toString()}/${ipv6PrefixLength}`;
}

/**
 * The address without the port some proxies append to what they forward (Azure Application
 * Gateway writes `203.0.113.7:51234` and `[2001:db8::1]:51234`): the port is a new number per
 * connection, and keeping it would make each connection a new client.
 */
function withoutPort(ip: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(ip);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(ip);
  return v4WithPort?.[1] ?? ip;
}
