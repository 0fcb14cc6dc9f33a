import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createCspNonce } from './content-security-policy';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split('; ').map((directive) => {
    const [name = '', ...sources] = directive.split(' ');
    return [name, sources];
  }));
}

describe('Content-Security-Policy', () => {
  it('lets scripts and inline styles run only with the nonce, and names no origin but our own', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc', isDevelopment: false }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc'"]);
    for (const sources of policy.values()) {
      for (const source of sources) expect(source).toMatch(/^('self'|'none'|'strict-dynamic'|'nonce-abc'|data:)$/);
    }
    for (const name of ['default-src', 'img-src', 'font-src', 'connect-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action', 'object-src']) {
      expect(policy.has(name), name).toBe(true);
    }
  });

  it("allows eval and unsigned styles only for Next's development server", () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc', isDevelopment: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(contentSecurityPolicy({ nonce: 'abc', isDevelopment: false })).not.toContain('unsafe');
  });

  it('makes a new 128-bit nonce each time', () => {
    const nonce = createCspNonce();
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(createCspNonce()).not.toBe(nonce);
  });
});
