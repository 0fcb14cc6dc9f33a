import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors/app-error';
import { addFactorRefusal, assertMayAddFactor } from './assert-may-add-factor';
import { DEFAULT_POLICY } from './policy-settings';

describe('adding a text, call or e-mail factor', () => {
  const withApp = { hasAuthenticatorApp: true };

  it('is allowed by default to a user with an authenticator app', () => {
    expect(addFactorRefusal({ policy: DEFAULT_POLICY, method: 'sms', ...withApp, by: 'self' })).toBeNull();
  });

  it('is refused for a method the platform switched off, to users and staff alike', () => {
    const policy = { ...DEFAULT_POLICY, voiceAvailable: false };
    expect(addFactorRefusal({ policy, method: 'voice', ...withApp, by: 'self' })).toBe('METHOD_NOT_AVAILABLE');
    expect(addFactorRefusal({ policy, method: 'voice', ...withApp, by: 'staff' })).toBe('METHOD_NOT_AVAILABLE');
  });

  it('is left to staff when a method is not self-service', () => {
    const policy = { ...DEFAULT_POLICY, emailSelfService: false };
    expect(addFactorRefusal({ policy, method: 'email', ...withApp, by: 'self' })).toBe('METHOD_NOT_SELF_SERVICE');
    expect(addFactorRefusal({ policy, method: 'email', ...withApp, by: 'staff' })).toBeNull();
    const refusal = (() => {
      try {
        assertMayAddFactor({ policy, method: 'email', ...withApp, by: 'self' });
      } catch (error) {
        return error;
      }
    })();
    expect(isAppError(refusal) && refusal.userMessage).toMatch(/administrator/);
  });

  it('needs an authenticator app to back up, for users and staff, unless codes may stand alone', () => {
    for (const by of ['self', 'staff'] as const) {
      expect(addFactorRefusal({ policy: DEFAULT_POLICY, method: 'sms', hasAuthenticatorApp: false, by })).toBe('AUTHENTICATOR_REQUIRED');
    }
    const alone = { ...DEFAULT_POLICY, codesMayStandAlone: true };
    expect(addFactorRefusal({ policy: alone, method: 'sms', hasAuthenticatorApp: false, by: 'self' })).toBeNull();
  });
});
