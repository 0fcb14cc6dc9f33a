import { describe, expect, it } from 'vitest';
import { countryOfIp } from './country-of-ip';

// Addresses whose country is public knowledge: the networks of well-known operators.
const KNOWN_ADDRESSES: Array<[ip: string, country: string]> = [
  ['8.8.8.8', 'US'], // Google Public DNS
  ['194.25.0.1', 'DE'], // Deutsche Telekom
  ['80.67.169.12', 'FR'], // French Data Network's public resolver
  ['133.11.0.1', 'JP'], // The University of Tokyo
  ['200.160.0.8', 'BR'], // NIC.br
  ['81.2.69.142', 'GB'], // Andrews & Arnold, MaxMind's own test address for GB
  ['2001:4860:4860::8888', 'US'], // Google Public DNS over IPv6
];

describe('the country of an address', () => {
  it.each(KNOWN_ADDRESSES)('is known for the public address %s (%s)', (ip, country) => {
    expect(countryOfIp(ip)).toBe(country);
  });

  it('is the IPv4 address’s country for an IPv4-mapped IPv6 address', () => {
    expect(countryOfIp('::ffff:8.8.8.8')).toBe('US');
    expect(countryOfIp('::ffff:194.25.0.1')).toBe('DE');
  });

  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.5', 'documentation'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:10.1.2.3', 'private, IPv4-mapped'],
    ['::ffff:127.0.0.1', 'loopback, IPv4-mapped'],
  ])('is none for %s (%s), even where the database names a registrant’s country', (ip) => {
    expect(countryOfIp(ip)).toBeNull();
  });

  it.each(['unknown', '', 'not an address', '999.1.1.1', '8.8.8.8/24', 'example.com'])('is none for what is not an address: %j', (ip) => {
    expect(countryOfIp(ip)).toBeNull();
  });
});
