import { describe, expect, it } from 'vitest';
import { addFactorRefusal, assertMayAddFactor } from './assert-may-add-factor';
import { DEFAULT_PLATFORM_POLICY } from './platform-policy';

describe('adding a text, call or e-mail factor', () => {
  const withApp = { hasAuthenticatorApp: true };

  it('is allowed by default to a user with an authenticator app', () => {
    expect(addFactorRefusal({ policy: DEFAULT_PLATFORM_POLICY, provider: 'sms', ...withApp, by: 'self' })).toBeNull();
  });

  it('is refused for a method the platform switched off, to users and staff alike', () => {
    const policy = { ...DEFAULT_PLATFORM_POLICY, voiceAvailable: false };
    expect(addFactorRefusal({ policy, provider: 'voice', ...withApp, by: 'self' })).toBe('NOT_AVAILABLE');
    expect(addFactorRefusal({ policy, provider: 'voice', ...withApp, by: 'staff' })).toBe('NOT_AVAILABLE');
  });

  it('is left to staff when a method is not self-service', () => {
    const policy = { ...DEFAULT_PLATFORM_POLICY, emailSelfService: false };
    expect(addFactorRefusal({ policy, provider: 'email', ...withApp, by: 'self' })).toBe('NOT_SELF_SERVICE');
    expect(addFactorRefusal({ policy, provider: 'email', ...withApp, by: 'staff' })).toBeNull();
    expect(() => assertMayAddFactor({ policy, provider: 'email', ...withApp, by: 'self' })).toThrow(/administrator/);
  });

  it('needs an authenticator app to back up, for users and staff, unless codes may stand alone', () => {
    for (const by of ['self', 'staff'] as const) {
      expect(addFactorRefusal({ policy: DEFAULT_PLATFORM_POLICY, provider: 'sms', hasAuthenticatorApp: false, by })).toBe('AUTHENTICATOR_REQUIRED');
    }
    const alone = { ...DEFAULT_PLATFORM_POLICY, codesMayStandAlone: true };
    expect(addFactorRefusal({ policy: alone, provider: 'sms', hasAuthenticatorApp: false, by: 'self' })).toBeNull();
  });
});
