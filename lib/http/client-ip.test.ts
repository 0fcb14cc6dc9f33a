import { describe, expect, it } from 'vitest';
import { resolveClientIp } from './client-ip';

describe('the client address', () => {
  describe('with no trusted proxy', () => {
    it('is the socket peer, and X-Forwarded-For is ignored', () => {
      expect(resolveClientIp({ remoteAddress: '203.0.113.7', forwardedFor: undefined, trustedProxyHops: 0 })).toBe('203.0.113.7');
      for (const spoofed of ['1.1.1.1', '1.1.1.1, 2.2.2.2', ['3.3.3.3', '4.4.4.4'], '']) {
        expect(resolveClientIp({ remoteAddress: '203.0.113.7', forwardedFor: spoofed, trustedProxyHops: 0 })).toBe('203.0.113.7');
      }
    });

    it('does not change when a client rotates forged headers', () => {
      const seen = new Set(
        Array.from({ length: 20 }, (_, i) =>
          resolveClientIp({ remoteAddress: '198.51.100.9', forwardedFor: `10.0.0.${i}`, trustedProxyHops: 0 }),
        ),
      );
      expect([...seen]).toEqual(['198.51.100.9']);
    });

    it('is "unknown" when the socket has no address', () => {
      expect(resolveClientIp({ remoteAddress: undefined, forwardedFor: '1.1.1.1', trustedProxyHops: 0 })).toBe('unknown');
    });
  });

  describe('behind one trusted proxy', () => {
    it('is the right-most forwarded entry: the address the proxy saw', () => {
      expect(resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: '203.0.113.7', trustedProxyHops: 1 })).toBe('203.0.113.7');
    });

    it('ignores whatever the client wrote before the proxy appended its entry', () => {
      // The client sent "X-Forwarded-For: 6.6.6.6, 7.7.7.7"; the proxy appended the real peer.
      expect(
        resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: '6.6.6.6, 7.7.7.7, 203.0.113.7', trustedProxyHops: 1 }),
      ).toBe('203.0.113.7');
    });

    it('reads repeated headers as one list, in order', () => {
      expect(
        resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: ['6.6.6.6', '203.0.113.7'], trustedProxyHops: 1 }),
      ).toBe('203.0.113.7');
    });

    it('falls back to the peer when the proxy sent no header', () => {
      expect(resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: undefined, trustedProxyHops: 1 })).toBe('10.0.0.2');
      expect(resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: ' , ', trustedProxyHops: 1 })).toBe('10.0.0.2');
    });
  });

  describe('behind two trusted proxies', () => {
    it('is the entry the outer proxy saw, second from the right', () => {
      expect(
        resolveClientIp({ remoteAddress: '10.0.0.3', forwardedFor: '6.6.6.6, 203.0.113.7, 10.0.0.2', trustedProxyHops: 2 }),
      ).toBe('203.0.113.7');
    });
  });

  it('strips the IPv4-mapped IPv6 prefix from the peer and from forwarded entries', () => {
    expect(resolveClientIp({ remoteAddress: '::ffff:203.0.113.7', forwardedFor: undefined, trustedProxyHops: 0 })).toBe('203.0.113.7');
    expect(resolveClientIp({ remoteAddress: '::ffff:10.0.0.2', forwardedFor: '::ffff:198.51.100.4', trustedProxyHops: 1 })).toBe(
      '198.51.100.4',
    );
    expect(resolveClientIp({ remoteAddress: '2001:db8::1', forwardedFor: undefined, trustedProxyHops: 0 })).toBe('2001:db8::1');
  });

  it('with more hops configured than the chain holds, uses the left-most entry rather than failing', () => {
    // Every entry present was written by a trusted proxy, so the left-most is the furthest one
    // that can be trusted.
    expect(resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: '203.0.113.7', trustedProxyHops: 5 })).toBe('203.0.113.7');
    expect(resolveClientIp({ remoteAddress: '10.0.0.2', forwardedFor: undefined, trustedProxyHops: 5 })).toBe('10.0.0.2');
    expect(resolveClientIp({ remoteAddress: undefined, forwardedFor: undefined, trustedProxyHops: 10 })).toBe('unknown');
  });
});
