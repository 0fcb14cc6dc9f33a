import { describe, expect, it } from 'vitest';
import { isMailAuthRequest } from './serve-mail-auth';

describe('which requests start.ts answers itself as a mail login', () => {
  it('a POST to /api/mail-auth, with or without a query string', () => {
    expect(isMailAuthRequest({ method: 'POST', url: '/api/mail-auth' })).toBe(true);
    expect(isMailAuthRequest({ method: 'POST', url: '/api/mail-auth?from=dovecot' })).toBe(true);
  });

  it('nothing else: other methods and other paths go on to Next', () => {
    expect(isMailAuthRequest({ method: 'GET', url: '/api/mail-auth' })).toBe(false);
    expect(isMailAuthRequest({ method: 'POST', url: '/api/mail-auth/' })).toBe(false);
    expect(isMailAuthRequest({ method: 'POST', url: '/api/mail-authx' })).toBe(false);
    expect(isMailAuthRequest({ method: 'POST', url: '/sign-in' })).toBe(false);
  });
});
