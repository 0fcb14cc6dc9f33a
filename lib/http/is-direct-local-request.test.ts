import { describe, expect, it } from 'vitest';
import { isDirectLocalRequest, isLoopbackHost } from './is-direct-local-request';

const direct = { peerIp: '127.0.0.1', headers: { host: 'localhost:3000', 'user-agent': 'Chromium' }, httpVersion: '1.1' };

describe('isDirectLocalRequest', () => {
  it('accepts a browser on this machine', () => {
    expect(isDirectLocalRequest(direct)).toBe(true);
    expect(isDirectLocalRequest({ ...direct, peerIp: '::ffff:127.0.0.1', headers: { host: '127.0.0.1:3000' } })).toBe(true);
    expect(isDirectLocalRequest({ ...direct, peerIp: '::1', headers: { host: '[::1]:3000' } })).toBe(true);
  });

  it('refuses a request that names a proxy in any of its headers', () => {
    for (const header of ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'via']) {
      expect(isDirectLocalRequest({ ...direct, headers: { ...direct.headers, [header]: '127.0.0.1' } }), header).toBe(false);
    }
  });

  it('refuses a Host that is not this machine, as a proxy passing the public name sends', () => {
    expect(isDirectLocalRequest({ ...direct, headers: { host: 'gatehouse.example.com' } })).toBe(false);
    expect(isDirectLocalRequest({ ...direct, headers: { host: '203.0.113.5:3000' } })).toBe(false);
    expect(isDirectLocalRequest({ ...direct, headers: {} })).toBe(false);
  });

  it('refuses another machine, and HTTP/1.0 (nginx proxy_pass without proxy_http_version)', () => {
    expect(isDirectLocalRequest({ ...direct, peerIp: '192.0.2.8' })).toBe(false);
    expect(isDirectLocalRequest({ ...direct, httpVersion: '1.0' })).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('knows the names and addresses of this machine', () => {
    for (const host of ['localhost', 'localhost:3000', 'LOCALHOST.', 'app.localhost:80', '127.0.0.1', '127.1.2.3:8080', '[::1]', '[::1]:3000']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['localhost.example.com', 'example.com', '10.0.0.1:3000', '[2001:db8::1]:3000', 'localhost@evil.example', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
