import { describe, expect, it } from 'vitest';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import type { Actor, StaffRole } from './actor';
import { refusalOf, type AccountAction } from './authorize';
import { consoleActor } from './console-actor';

const request = { ip: '192.0.2.1', userAgent: null };

function session(id: string, role: CurrentSession['user']['role']): CurrentSession {
  return {
    session: { id: `session-of-${id}`, secondFactorAt: new Date(), createdAt: new Date() },
    user: { id, email: `${id}@example.test`, role, isMfaEnabled: true, hasAuthenticatorApp: true },
  };
}
const owner: Actor = { kind: 'self', current: session('owner', 'USER'), request };
const staff = (role: StaffRole): Actor => ({ kind: 'staff', current: session(`staff-${role}`, role), role, scope: { kind: 'platform' }, request });

const ACCOUNT_ACTIONS: AccountAction[] = [
  'authenticator.enrol',
  'factor.add',
  'factor.remove',
  'backup_codes.replace',
  'two_factor.turn_off',
  'sessions.end',
  'sign_in.unlock',
];

describe('who may do what to whom', () => {
  it('lets an owner manage their own account, but not unlock it or touch anyone else’s', () => {
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(owner, action, { userId: 'someone-else' })).toBe('FORBIDDEN');
      expect(refusalOf(owner, action, { userId: 'owner' })).toBe(action === 'sign_in.unlock' ? 'FORBIDDEN' : null);
    }
    expect(refusalOf(owner, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
  });

  it('lets support add a factor, end sessions and unlock, and nothing that weakens an account or the platform', () => {
    const support = staff('SUPPORT');
    const allowed = ['factor.add', 'sessions.end', 'sign_in.unlock'];
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(support, action, { userId: 'owner' })).toBe(allowed.includes(action) ? null : 'FORBIDDEN');
    }
    expect(refusalOf(support, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
    expect(refusalOf(support, 'account.create', 'platform')).toBe('FORBIDDEN');
  });

  it('lets a platform administrator change the platform, and never act through staff tools on their own account', () => {
    const admin = staff('ADMIN');
    expect(refusalOf(admin, 'platform_settings.change', 'platform')).toBeNull();
    expect(refusalOf(admin, 'sign_in.unlock', { userId: 'owner' })).toBeNull();
    expect(refusalOf(admin, 'factor.remove', { userId: 'owner' })).toBe('FORBIDDEN');
    for (const action of ACCOUNT_ACTIONS) expect(refusalOf(admin, action, { userId: 'staff-ADMIN' })).toBe('FORBIDDEN');
  });

  it('trusts the console operator, and refuses a visitor who is not yet anyone', () => {
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(consoleActor('ops'), action, { userId: 'owner' })).toBeNull();
      expect(refusalOf({ kind: 'visitor', request }, action, { userId: 'owner' })).toBe('FORBIDDEN');
    }
  });
});
