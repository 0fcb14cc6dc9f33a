// The security notices Gatehouse e-mails. Each says what happened, when, from where, and what to
// do if it was not the account owner, in the name of the mailbox's brand and with its support.
import type { AuditedActor } from '@/lib/audit/audited-actor';
import type { MessageBrand } from '@/lib/messaging/message-brand';

export type SecurityNotice =
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'backup_codes.regenerated'
  | 'factor.added'
  | 'factor.removed'
  | 'sign_in.unlocked'
  | 'sign_in.new_country'
  | 'support.two_factor_reset'
  | 'organisation.two_factor_reset'
  | 'support.recovery_codes_issued'
  | 'support.password_reset_link_sent'
  | 'support.password_reset_code_issued'
  | 'support.locations_reset'
  | 'support.signed_out_everywhere'
  | 'support.challenge_policy_changed'
  | 'challenge_policy.withdrawn'
  | 'app_password.created'
  | 'app_password.revoked'
  | 'mobile.set'
  | 'alternative_login.created'
  | 'alternative_login.deleted'
  | 'mail_login.account_password_refused'
  | 'mail_login.two_factor_overdue'
  | 'password.changed'
  | 'password.recovered'
  | 'organisation.created'
  | 'mailbox.brand_moved';

// `factor.added` and `factor.removed` name the factor in `what` ("the backup phone +141••••••32").
const WHAT_HAPPENED: Record<SecurityNotice, { subject: string; sentence: string }> = {
  'password.recovered': {
    subject: 'Your password was reset',
    sentence:
      'The password of your account was reset through password recovery. Every browser and device signed in to it was signed out, and needs the new password to sign in again. Proven to reset it: {what}.',
  },
  'password.changed': {
    subject: 'Your password was changed',
    sentence:
      'The password of your account was changed. Every other browser and device signed in to it was signed out, and needs the new password to sign in again.',
  },
  'mfa.enabled': {
    subject: 'Two-factor authentication is now on',
    sentence: 'Two-factor authentication was turned on for your account. Signing in now needs a code as well as your password.',
  },
  'mfa.disabled': {
    subject: 'Two-factor authentication was turned off',
    sentence: 'Two-factor authentication was turned off for your account. Signing in now needs only your password.',
  },
  'backup_codes.regenerated': {
    subject: 'New backup codes were created',
    sentence: 'A new set of backup codes was created for your account. The previous codes no longer work.',
  },
  'factor.added': {
    subject: 'A sign-in method was added',
    sentence: '{what} was added to your account as a way to sign in.',
  },
  'sign_in.unlocked': {
    subject: 'Signing in to your account was unlocked',
    sentence: 'Signing in to your account had locked after too many wrong passwords or codes. Support has unlocked it.',
  },
  'app_password.created': {
    subject: 'An app password was created',
    sentence: 'An app password named {what} was created for your mailbox. Mail apps can now open your mailbox with it.',
  },
  'app_password.revoked': {
    subject: 'An app password was revoked',
    sentence: 'The app password named {what} was revoked. Mail apps that used it can no longer open your mailbox.',
  },
  'mobile.set': {
    subject: 'Your mobile number for SMS logins changed',
    sentence: 'The codes of your SMS password are now texted to {what}.',
  },
  // `what` names the login: "an SMS password", "a list of one-time passwords (with a prefix)".
  'alternative_login.created': {
    subject: 'An alternative login was created',
    sentence: '{what} was created for your account. It signs in on a computer you do not trust without your account password.',
  },
  'alternative_login.deleted': {
    subject: 'An alternative login was deleted',
    sentence: '{what} was deleted from your account. It no longer signs in, and the sessions it opened have ended.',
  },
  'mail_login.account_password_refused': {
    subject: 'A mail app tried your account password',
    sentence:
      'A mail app tried to open your mailbox over {what} with your account password, and was refused: now that two-factor authentication is on, mail apps need an app password. If it was your app, create an app password on the Account Security page and enter it in the app instead of your password. (We send this at most once a day.)',
  },
  'mail_login.two_factor_overdue': {
    subject: 'A mail app was refused: set up two-factor authentication',
    sentence:
      'A mail app tried to open your mailbox over {what} with your account password, and was refused: your provider requires two-factor authentication and the time to set it up has run out. Sign in on the web to set it up; then create an app password on the Account Security page and enter it in the app. App passwords you made before work again once two-factor authentication is on. (We send this at most once a day.)',
  },
  'factor.removed': {
    subject: 'A sign-in method was removed',
    sentence: '{what} was removed from your account and can no longer be used to sign in.',
  },
  'sign_in.new_country': {
    subject: 'Sign-in from a new country',
    sentence: 'Your account was signed in to from {what}, a country it had not been used from before.',
  },
  'support.two_factor_reset': {
    subject: 'Support turned off two-factor authentication',
    sentence:
      'At your request, support turned off two-factor authentication for your account and signed it out everywhere. Signing in now needs only your password: set up two-factor authentication again on the Account Security page. {what}',
  },
  // `what` names the organisation ("\u201cSmith family\u201d").
  'organisation.two_factor_reset': {
    subject: 'Your administrator turned off two-factor authentication',
    sentence:
      'An administrator of your family or business account {what} turned off two-factor authentication for your account and signed it out everywhere (after a lost phone). Set it up again at your next sign-in, on the Account Security page.',
  },
  'support.recovery_codes_issued': {
    subject: 'Support issued new recovery codes',
    sentence:
      'At your request, support issued a new set of backup codes for your account. The previous backup codes no longer work; your other sign-in methods are unchanged.',
  },
  // `what` names where the link went ("the alternate address a•••@example.org").
  'support.password_reset_link_sent': {
    subject: 'Support sent you a link to choose a new password',
    sentence:
      '{what} was sent a link to choose a new password for your account, at your request to support. It works once, within 30 minutes; your password stays as it is until it is used. Support never sees or chooses your password.',
  },
  'support.password_reset_code_issued': {
    subject: 'Support issued a code to choose a new password',
    sentence:
      'At your request, support issued a single-use code to choose a new password for your account. It works once, within 30 minutes; your password stays as it is until it is used. Support never sees or chooses your password.',
  },
  'support.locations_reset': {
    subject: 'Remembered locations were reset',
    sentence: 'Support reset the addresses and countries your account remembers: the next sign-in from any of them asks for your code again.',
  },
  'support.challenge_policy_changed': {
    subject: 'When your code is asked for changed',
    sentence: 'Support changed when your account asks for a code at sign-in. It is now: {what}.',
  },
  'challenge_policy.withdrawn': {
    subject: 'Your code is now asked at every sign-in',
    sentence:
      'Your provider no longer offers "{what}" as a choice of when your code is asked for. Your account now asks for it at every sign-in; you can choose again among what is offered on your Account Security page.',
  },
  'organisation.created': {
    subject: 'You created a family or business account',
    sentence:
      '{what} was created from your mailbox, which is now its administrator. Invite members from its page; they join only when they accept. You reach it from the Account Security page.',
  },
  // `what` is the new brand's name.
  'mailbox.brand_moved': {
    subject: 'Your mailbox has a new provider',
    sentence:
      'Your mailbox now belongs to {what}, which looks after its mail domain. Its rules for two-factor authentication apply from now on: if it requires a second factor, you are given time to set one up from your next sign-in. Your password, second factors and app passwords are unchanged.',
  },
  'support.signed_out_everywhere': {
    subject: 'Your account was signed out everywhere',
    sentence: 'Support signed your account out of every browser and device. Sign in again with your password and code.',
  },
};

export function composeSecurityEmail({
  notice,
  actor,
  at,
  what = '',
  brand,
}: {
  notice: SecurityNotice;
  /**
   * Who made the change: the owner's address is shown; staff never by name, only as the support of
   * the account's brand.
   */
  actor: AuditedActor;
  at: Date;
  what?: string;
  /** The mailbox's brand: the notice names its support, and queueEmail signs and sends in its name. */
  brand: Pick<MessageBrand, 'name' | 'supportContact'>;
}): { subject: string; body: string } {
  const { subject } = WHAT_HAPPENED[notice];
  const sentence = WHAT_HAPPENED[notice].sentence.replace('{what}', what.charAt(0).toUpperCase() + what.slice(1));
  // An administrator's address is theirs, not the member's: the notice names the role instead.
  const where = notice === 'organisation.two_factor_reset'
    ? 'by an administrator of your family or business account'
    : actor.kind === 'staff' || actor.kind === 'console'
      ? `by ${brand.name} support`
      : `from the address ${actor.request.ip}`;
  const supportName = `${brand.name} support${brand.supportContact ? ` (${brand.supportContact})` : ''}`;
  // Whoever changed the password holds the new one and the session it was changed from: the owner
  // cannot change it back, so the only advice that helps is support, at once.
  // A change by support or the console was asked for by someone who said they were the owner: if
  // the owner did not ask, that someone may have fooled support, and the owner must act at once.
  // A withdrawn choice is the provider's settings, not anyone acting on this account: nothing to undo.
  const ifNotYou = notice === 'mailbox.brand_moved'
    ? ['Nobody changed your password or your second factors: this follows an agreement between the platform and your provider.', `Questions? Contact ${supportName}.`]
    : notice === 'challenge_policy.withdrawn'
    ? ['Nobody changed your account: this follows a change of your provider\'s settings, and makes signing in safer.', `Questions? Contact ${supportName}.`]
    : notice === 'password.recovered'
    ? [
        'If this was you, there is nothing more to do.',
        `If it was not you, someone reached what proves this account is yours (your alternate address, backup phone or second factor) and chose a new password: contact ${supportName} at once`,
        'so they can help you back in, and secure your alternate address and phone.',
      ]
    : notice === 'password.changed'
    ? [
        'If this was you, there is nothing more to do.',
        `If it was not you, someone else has your password and is signed in to your account: contact ${supportName} at once`,
        'so they can sign them out and help you back in.',
      ]
    : notice === 'organisation.two_factor_reset'
    ? [
        'If you asked your administrator for this, there is nothing more to do.',
        `If you did not, someone may be trying to take over your account: change your password now and contact your administrator and ${supportName} at once.`,
      ]
    : actor.kind === 'staff' || actor.kind === 'console'
    ? [
        'If you asked support for this, there is nothing more to do.',
        `If you did not, someone may be trying to take over your account: change your password now and contact ${supportName} at once.`,
      ]
    : [
        'If this was you, there is nothing more to do.',
        'If it was not you, change your password now, then review the Account Security page: turn two-factor',
        `authentication on, create new backup codes and sign out everywhere. If you cannot sign in, contact ${supportName}.`,
      ];
  const body = [sentence, '', `When: ${at.toUTCString()}`, `Where: ${where}`, '', ...ifNotYou].join('\n');
  // queueEmail puts the brand's name before the subject.
  return { subject, body };
}
