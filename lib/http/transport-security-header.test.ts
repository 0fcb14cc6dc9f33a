import { describe, expect, it } from 'vitest';
import { transportSecurityHeader } from './transport-security-header';

describe('Strict-Transport-Security', () => {
  it('is sent for an https deployment, for at least a year and for subdomains', () => {
    const value = transportSecurityHeader({ gatehouseUrl: 'https://security.mail.example' });
    expect(value).not.toBeNull();
    const maxAge = Number(/max-age=(\d+)/.exec(value ?? '')?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
    expect(value).toContain('includeSubDomains');
  });

  it('is not sent over plain http, where browsers ignore it and localhost would be pinned', () => {
    expect(transportSecurityHeader({ gatehouseUrl: 'http://localhost:3000' })).toBeNull();
    expect(transportSecurityHeader({ gatehouseUrl: undefined })).toBeNull();
  });
});
