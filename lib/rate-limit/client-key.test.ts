import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { clientKey } from './client-key';

// SECURITY.md "Throttling": an IPv6 client is keyed by its /64, so one network never gets a fresh
// count per address; the prefix length is a setting.

const original = process.env.RATE_LIMIT_IPV6_PREFIX;
function usePrefix(length: string | undefined) {
  if (length === undefined) delete process.env.RATE_LIMIT_IPV6_PREFIX;
  else process.env.RATE_LIMIT_IPV6_PREFIX = length;
  resetEnvCache();
}
afterEach(() => usePrefix(original));

describe('the key a client address is counted under', () => {
  it('is an IPv4 address itself, one address per client', () => {
    usePrefix(undefined);
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.8')).not.toBe(clientKey('203.0.113.7'));
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    usePrefix(undefined);
    expect(clientKey('::ffff:203.0.113.7')).toBe(clientKey('203.0.113.7'));
    expect(clientKey('::ffff:203.0.113.8')).not.toBe(clientKey('::ffff:203.0.113.7'));
  });

  it('is the /64 of an IPv6 address by default: every address of one network, however written, shares it', () => {
    usePrefix(undefined);
    const network = ['2001:db8:aa:bb::1', '2001:db8:aa:bb:ffff:ffff:ffff:ffff', '2001:0DB8:00AA:00BB:1234:5678:9abc:def0'];
    expect(new Set(network.map(clientKey))).toEqual(new Set(['2001:db8:aa:bb::/64']));
    expect(clientKey('2001:db8:aa:bc::1')).not.toBe(clientKey('2001:db8:aa:bb::1'));
  });

  it('follows RATE_LIMIT_IPV6_PREFIX, counting a wider or narrower network as one client', () => {
    usePrefix('48');
    expect(clientKey('2001:db8:aa:bb::1')).toBe('2001:db8:aa::/48');
    expect(clientKey('2001:db8:aa:ffff::1')).toBe(clientKey('2001:db8:aa:bb::1'));
    expect(clientKey('2001:db8:ab::1')).not.toBe(clientKey('2001:db8:aa::1'));
    usePrefix('56');
    expect(clientKey('2001:db8:aa:bb::1')).toBe('2001:db8:aa::/56');
    expect(clientKey('2001:db8:aa:ff::1')).toBe(clientKey('2001:db8:aa:bb::1'));
    expect(clientKey('2001:db8:aa:1bb::1')).not.toBe(clientKey('2001:db8:aa:bb::1'));
    usePrefix('128');
    expect(clientKey('2001:db8::1')).not.toBe(clientKey('2001:db8::2'));
  });

  it('refuses a prefix setting outside 16 to 128 bits', () => {
    usePrefix('8');
    expect(() => clientKey('2001:db8::1')).toThrow();
  });

  it('counts what is not an address as it is written', () => {
    usePrefix(undefined);
    expect(clientKey('unknown')).toBe('unknown');
  });
});

describe('client addresses written the way some proxies write them', () => {
  it('drops the port a proxy appends (Azure Application Gateway writes X-Forwarded-For as address:port), so each connection is not a new client', () => {
    usePrefix(undefined);
    expect(clientKey('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7:51235')).toBe(clientKey('203.0.113.7:51234'));
    expect(clientKey('[2001:db8:aa:bb::1]:51234')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('[2001:db8:aa:bb::2]')).toBe('2001:db8:aa:bb::/64');
  });

  it('counts a 6to4 address (2002::/16) as the IPv4 address it is made from: one IPv4 address must not bring 65,536 networks', () => {
    usePrefix(undefined);
    expect(clientKey('2002:cb00:7107:1::1')).toBe('203.0.113.7');
    expect(clientKey('2002:cb00:7107:ffff::1')).toBe(clientKey('203.0.113.7'));
  });
});
