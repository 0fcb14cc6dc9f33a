import { describe, expect, it } from 'vitest';
import { cookieSettings } from './cookie-settings';

describe('cookie settings', () => {
  it('over HTTPS use the __Host- prefix, Secure, HttpOnly, SameSite=Lax and Path=/', () => {
    for (const baseName of ['session', 'pending-login', 'recovery'] as const) {
      const { name, options } = cookieSettings('https://gatehouse.example', baseName);
      expect(name).toBe(`__Host-gatehouse.${baseName}`);
      expect(options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
    }
  });

  it('on plain-HTTP localhost drop only the prefix and Secure', () => {
    const { name, options } = cookieSettings('http://localhost:3000', 'session');
    expect(name).toBe('gatehouse.session');
    expect(options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
  });
});
