import { describe, expect, it } from 'vitest';
import type { Actor, SessionView } from './actor';
import { refusalOf, type AccountAction } from './authorize';
import { consoleActor } from './console-actor';
import type { HeldRole } from './roles';

const request = { ip: '192.0.2.1', userAgent: null };
const ACME = 'brand-acme';
const GLOBEX = 'brand-globex';

function session(id: string, roles: HeldRole[], brandId = ACME, isRestricted = false): SessionView {
  return {
    session: {
      id: `session-of-${id}`,
      secondFactorAt: new Date(),
      tokenId: `token-of-${id}`,
      secondFactorTokenId: `token-of-${id}`,
      createdAt: new Date(),
      alternativeLoginId: isRestricted ? 'login-1' : null,
      isRestricted,
    },
    user: { id, email: `${id}@example.test`, brandId, roles, isMfaEnabled: true, hasAuthenticatorApp: true },
  };
}
const owner: Actor = { kind: 'self', current: session('owner', []), request };
const staff = (id: string, roles: HeldRole[]): Actor => ({ kind: 'staff', current: session(id, roles), request });
const acmeMailbox = { userId: 'owner', brandId: ACME };
const globexMailbox = { userId: 'globex-user', brandId: GLOBEX };

const ACCOUNT_ACTIONS: AccountAction[] = [
  'authenticator.enrol',
  'factor.add',
  'factor.remove',
  'backup_codes.replace',
  'two_factor.turn_off',
  'sessions.end',
  'sign_in.unlock',
  'app_password.create',
  'app_password.revoke',
  'mobile.set',
  'alternative_login.manage',
  'password.change',
  'password.recover',
  'locations.forget',
  'challenge_policy.set',
  'password_reset.issue',
];
const SUPPORT_MAY = ['factor.add', 'sessions.end', 'sign_in.unlock', 'locations.forget', 'challenge_policy.set', 'password_reset.issue'];
// Support's tools an owner has no use for on their own account (they change their own password),
// and the recovering visitor's one action, which a session never needs.
const STAFF_ONLY = ['sign_in.unlock', 'password_reset.issue', 'password.recover'];

describe('who may do what to whom', () => {
  it('lets an owner manage their own account, but not unlock it, issue themselves a support reset, or touch anyone else’s', () => {
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(owner, action, globexMailbox)).toBe('FORBIDDEN');
      expect(refusalOf(owner, action, acmeMailbox)).toBe(STAFF_ONLY.includes(action) ? 'FORBIDDEN' : null);
    }
    expect(refusalOf(owner, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
    expect(refusalOf(owner, 'brand_settings.change', { brandId: ACME })).toBe('FORBIDDEN');
  });

  it('lets platform support help any brand’s mailbox, and nothing that weakens an account or changes settings', () => {
    const support = staff('support', [{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    for (const mailbox of [acmeMailbox, globexMailbox]) {
      for (const action of ACCOUNT_ACTIONS) expect(refusalOf(support, action, mailbox)).toBe(SUPPORT_MAY.includes(action) ? null : 'FORBIDDEN');
    }
    expect(refusalOf(support, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
    expect(refusalOf(support, 'brand_settings.change', { brandId: ACME })).toBe('FORBIDDEN');
  });

  it('keeps a brand’s staff inside their brand', () => {
    const brandAdmin = staff('acme-admin', [{ role: 'BRAND_ADMIN', brandId: ACME }]);
    const brandSupport = staff('acme-support', [{ role: 'BRAND_SUPPORT', brandId: ACME }]);
    for (const actor of [brandAdmin, brandSupport]) {
      for (const action of SUPPORT_MAY as AccountAction[]) {
        expect(refusalOf(actor, action, acmeMailbox)).toBeNull();
        expect(refusalOf(actor, action, globexMailbox)).toBe('FORBIDDEN');
      }
      expect(refusalOf(actor, 'brand_settings.change', { brandId: GLOBEX })).toBe('FORBIDDEN');
      expect(refusalOf(actor, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
      expect(refusalOf(actor, 'role.grant', 'platform')).toBe('FORBIDDEN');
    }
    expect(refusalOf(brandAdmin, 'brand_settings.change', { brandId: ACME })).toBeNull();
    expect(refusalOf(brandSupport, 'brand_settings.change', { brandId: ACME })).toBe('FORBIDDEN');
  });

  it('lets a platform administrator change the platform and every brand, and never act through staff tools on their own account', () => {
    const admin = staff('admin', [{ role: 'PLATFORM_ADMIN', brandId: null }]);
    expect(refusalOf(admin, 'platform_settings.change', 'platform')).toBeNull();
    expect(refusalOf(admin, 'brand_settings.change', { brandId: GLOBEX })).toBeNull();
    expect(refusalOf(admin, 'sign_in.unlock', globexMailbox)).toBeNull();
    expect(refusalOf(admin, 'factor.remove', acmeMailbox)).toBe('FORBIDDEN');
    for (const action of ACCOUNT_ACTIONS) expect(refusalOf(admin, action, { userId: 'admin', brandId: ACME })).toBe('FORBIDDEN');
  });

  it('combines the roles a person holds, each in its own scope', () => {
    const both = staff('both', [
      { role: 'BRAND_SUPPORT', brandId: ACME },
      { role: 'BRAND_ADMIN', brandId: GLOBEX },
    ]);
    expect(refusalOf(both, 'sign_in.unlock', acmeMailbox)).toBeNull();
    expect(refusalOf(both, 'brand_settings.change', { brandId: GLOBEX })).toBeNull();
    expect(refusalOf(both, 'brand_settings.change', { brandId: ACME })).toBe('FORBIDDEN');
  });

  it('lets a recovering visitor set the password of the mailbox it proved, and do nothing else anywhere', () => {
    const recovering: Actor = { kind: 'recovering', recovery: { id: 'recovery-1', userId: 'owner' }, request };
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(recovering, action, acmeMailbox)).toBe(action === 'password.recover' ? null : 'FORBIDDEN');
      expect(refusalOf(recovering, action, globexMailbox)).toBe('FORBIDDEN');
    }
    expect(refusalOf(recovering, 'platform_settings.change', 'platform')).toBe('FORBIDDEN');
  });

  it('trusts the console operator, and refuses a visitor who is not yet anyone', () => {
    for (const action of ACCOUNT_ACTIONS) {
      expect(refusalOf(consoleActor('ops'), action, acmeMailbox)).toBeNull();
      expect(refusalOf({ kind: 'visitor', request }, action, acmeMailbox)).toBe('FORBIDDEN');
    }
  });

  it('lets a mail client change nothing, not even on the mailbox it logs in to', () => {
    for (const action of ACCOUNT_ACTIONS) expect(refusalOf({ kind: 'mail-client', protocol: 'IMAP', request }, action, acmeMailbox)).toBe('FORBIDDEN');
  });

  it('lets a restricted login change and remove nothing on its own account, and only look at its organisation', () => {
    const restricted: Actor = { kind: 'self', current: session('owner', [], ACME, true), request };
    for (const action of ACCOUNT_ACTIONS) expect(refusalOf(restricted, action, acmeMailbox)).toBe('RESTRICTED_LOGIN');
    const family = { organisationId: 'family', brandId: ACME, members: [{ userId: 'owner', role: 'ADMINISTRATOR' as const }] };
    expect(refusalOf(restricted, 'organisation.view', family)).toBeNull();
    for (const action of ['organisation.manage', 'credits.buy', 'organisation.leave'] as const) expect(refusalOf(restricted, action, family)).toBe('RESTRICTED_LOGIN');
  });

  it('lets no staff role act through a session an alternative login opened', () => {
    const kiosk = session('support', [{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    const staffAtKiosk: Actor = { kind: 'staff', current: { ...kiosk, session: { ...kiosk.session, alternativeLoginId: 'login-1' } }, request };
    for (const action of SUPPORT_MAY as AccountAction[]) expect(refusalOf(staffAtKiosk, action, acmeMailbox)).toBe('FORBIDDEN');
  });

  it('refuses alternative logins to a staff account, and lets it manage the rest of its own account', () => {
    const staffOwnAccount = { userId: 'owner', brandId: ACME, isStaff: true };
    expect(refusalOf(owner, 'alternative_login.manage', staffOwnAccount)).toBe('ALTERNATIVE_LOGINS_NOT_FOR_STAFF');
    expect(refusalOf(owner, 'factor.add', staffOwnAccount)).toBeNull();
    expect(refusalOf(owner, 'alternative_login.manage', { ...staffOwnAccount, isStaff: false })).toBeNull();
  });

  it('lets an organisation’s administrators manage it, its members only leave, and nobody else in', () => {
    const family = {
      organisationId: 'family',
      brandId: ACME,
      members: [
        { userId: 'owner', role: 'ADMINISTRATOR' as const },
        { userId: 'teen', role: 'MEMBER' as const },
      ],
    };
    const teen: Actor = { kind: 'self', current: session('teen', []), request };
    const outsider: Actor = { kind: 'self', current: session('outsider', []), request };
    for (const action of ['organisation.view', 'organisation.manage', 'credits.buy', 'organisation.leave'] as const) {
      expect(refusalOf(owner, action, family)).toBeNull();
      expect(refusalOf(teen, action, family)).toBe(action === 'organisation.leave' ? null : 'FORBIDDEN');
      expect(refusalOf(outsider, action, family)).toBe('FORBIDDEN');
    }
    expect(refusalOf(owner, 'credits.adjust', family)).toBe('FORBIDDEN');
    // Support corrects a balance and sees the account, but never buys or manages it, nor its own.
    const support = staff('support', [{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    expect(refusalOf(support, 'credits.adjust', family)).toBeNull();
    expect(refusalOf(support, 'organisation.manage', family)).toBe('FORBIDDEN');
    expect(refusalOf(support, 'credits.buy', family)).toBe('FORBIDDEN');
    const supportInFamily = { ...family, members: [...family.members, { userId: 'support', role: 'MEMBER' as const }] };
    expect(refusalOf(support, 'credits.adjust', supportInFamily)).toBe('FORBIDDEN');
    const globexAdmin = staff('globex-admin', [{ role: 'BRAND_ADMIN', brandId: GLOBEX }]);
    expect(refusalOf(globexAdmin, 'organisation.view', family)).toBe('FORBIDDEN');
    expect(refusalOf(globexAdmin, 'organisation.create', { brandId: ACME })).toBe('FORBIDDEN');
    expect(refusalOf(globexAdmin, 'organisation.create', { brandId: GLOBEX })).toBeNull();
    // A brand's staff read their own brand's organisations on the support console, and adjust nothing.
    for (const role of ['BRAND_SUPPORT', 'BRAND_ADMIN'] as const) {
      const acmeStaff = staff(`acme-${role}`, [{ role, brandId: ACME }]);
      expect(refusalOf(acmeStaff, 'organisation.view', family)).toBeNull();
      expect(refusalOf(acmeStaff, 'credits.adjust', family)).toBe('FORBIDDEN');
      expect(refusalOf(staff(`globex-${role}`, [{ role, brandId: GLOBEX }]), 'organisation.view', family)).toBe('FORBIDDEN');
    }
  });

  it('lets only the console put a mailbox into an organisation without its consent, and only the mailbox itself, fully signed in, answer an invitation', () => {
    const family = { organisationId: 'family-1', brandId: ACME, members: [{ userId: 'owner', role: 'ADMINISTRATOR' as const }] };
    const platformAdmin = staff('platform-admin', [{ role: 'PLATFORM_ADMIN', brandId: null }]);
    expect(refusalOf(owner, 'organisation.add_member_directly', family)).toBe('FORBIDDEN');
    expect(refusalOf(platformAdmin, 'organisation.add_member_directly', family)).toBe('FORBIDDEN');
    expect(refusalOf(consoleActor('operator'), 'organisation.add_member_directly', family)).toBeNull();
    const invitee = { userId: 'owner', brandId: ACME, isStaff: false };
    expect(refusalOf(owner, 'organisation_invitation.answer', invitee)).toBeNull();
    expect(refusalOf(owner, 'organisation_invitation.answer', { ...invitee, userId: 'someone-else' })).toBe('FORBIDDEN');
    const kiosk: Actor = { kind: 'self', current: session('owner', [], ACME, true), request };
    expect(refusalOf(kiosk, 'organisation_invitation.answer', invitee)).toBe('RESTRICTED_LOGIN');
  });
});
