import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors/app-error';
import { flagOfField, parseBrandsMayLoosen } from './policy-flags';

describe('--brands-may-loosen', () => {
  it('takes switches by their own flag names, or none; left out, it changes nothing', () => {
    expect(parseBrandsMayLoosen('require-2fa, allow-app-passwords')).toEqual(['requireTwoFactor', 'allowAppPasswords']);
    expect(parseBrandsMayLoosen('none')).toEqual([]);
    expect(parseBrandsMayLoosen(undefined)).toBeUndefined();
  });

  it('refuses a method or an unknown name, naming the flag and what it takes', () => {
    for (const value of ['sms', 'require-2fa,bogus', '']) {
      try {
        parseBrandsMayLoosen(value);
        expect.unreachable(`"${value}" was accepted`);
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('INVALID_INPUT');
        expect(isAppError(error) && error.fieldErrors?.['brands-may-loosen']?.[0]).toContain('require-2fa');
      }
    }
  });

  it('names a policy field by its flag in error messages', () => {
    expect(flagOfField('allowAppPasswords')).toBe('allow-app-passwords');
    expect(flagOfField('enrolmentDays')).toBe('enrolment-days');
    expect(flagOfField('email')).toBe('email');
  });
});
