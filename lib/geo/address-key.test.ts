import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key';

describe('how an address is remembered', () => {
  it('keeps an IPv4 address as it is', () => {
    for (const ip of ['8.8.8.8', '194.25.0.1', '10.1.2.3', '192.168.1.1']) expect(addressKey(ip)).toBe(ip);
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(addressKey('::ffff:8.8.8.8')).toBe('8.8.8.8');
    expect(addressKey('::ffff:194.25.0.1')).toBe(addressKey('194.25.0.1'));
  });

  it('keeps an IPv6 address by its /64, written as the network', () => {
    const key = addressKey('2001:db8:1:2:3:4:5:6');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(key).toMatch(/::\/64$/);
  });

  it('gives every address of one /64 the same key, however it is written', () => {
    const sameNetwork = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:a1b2:c3d4:e5f6:0789', '2001:DB8:1:2::abcd'];
    const keys = new Set(sameNetwork.map((ip) => addressKey(ip)));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBe(addressKey('2001:db8:1:2::'));
  });

  it('gives addresses of different /64s different keys', () => {
    const networks = ['2001:db8:1:2::1', '2001:db8:1:3::1', '2001:db8:2:2::1', '2001:4860:4860::8888', '2a00:1450:4001:81c::200e'];
    const keys = networks.map((ip) => addressKey(ip));
    expect(new Set(keys).size).toBe(networks.length);
    // The neighbouring /64 differs only in the last bit of the prefix.
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });

  it('never mixes an IPv4 address with an IPv6 network', () => {
    expect(addressKey('1.2.3.4')).not.toBe(addressKey('::102:304'));
  });

  it('is null for what is not an address', () => {
    for (const ip of ['unknown', '', 'not an address', '2001:db8::1::2', '8.8.8.8/24']) expect(addressKey(ip)).toBeNull();
  });
});
