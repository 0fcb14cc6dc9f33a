import { describe, expect, it } from 'vitest';
import { APP_PASSWORD_LENGTH, generateAppPassword, normalizeAppPassword } from './app-password-secret';

describe('app passwords as generated and typed', () => {
  it('are 28 letters in seven groups of four, at least 128 bits', () => {
    const password = generateAppPassword();
    expect(password).toMatch(/^[a-z]{4}(-[a-z]{4}){6}$/);
    expect(APP_PASSWORD_LENGTH * Math.log2(26)).toBeGreaterThanOrEqual(128);
  });

  it('are never the same twice', () => {
    const seen = new Set(Array.from({ length: 1000 }, generateAppPassword));
    expect(seen.size).toBe(1000);
  });

  it('are recognised with or without dashes and spaces, in any case', () => {
    const password = generateAppPassword();
    const letters = password.replace(/-/g, '');
    expect(normalizeAppPassword(password)).toBe(letters);
    expect(normalizeAppPassword(password.replace(/-/g, ' ').toUpperCase())).toBe(letters);
    expect(normalizeAppPassword(letters)).toBe(letters);
  });

  it('are not what an account password of another shape could be', () => {
    expect(normalizeAppPassword('correct horse battery staple')).toBeNull();
    expect(normalizeAppPassword('abcd-efgh-ijkl-mnop-qrst-uvwx-yz12')).toBeNull();
    expect(normalizeAppPassword('')).toBeNull();
  });
});
