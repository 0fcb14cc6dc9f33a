// The security notices Gatehouse e-mails. Each says what happened, when, from where, and what to
// do if it was not the account owner.
import type { Actor } from '@/lib/access/actor';

export type SecurityNotice =
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'backup_codes.regenerated'
  | 'factor.added'
  | 'factor.removed'
  | 'sign_in.unlocked'
  | 'app_password.created'
  | 'app_password.revoked'
  | 'mail_login.account_password_refused';

// `factor.added` and `factor.removed` name the factor in `what` ("the backup phone +141••••••32").
const WHAT_HAPPENED: Record<SecurityNotice, { subject: string; sentence: string }> = {
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
    sentence: 'Signing in to your account had locked after too many wrong passwords or codes. Gatehouse staff have unlocked it.',
  },
  'app_password.created': {
    subject: 'An app password was created',
    sentence: 'An app password named {what} was created for your mailbox. Mail apps can now open your mailbox with it.',
  },
  'app_password.revoked': {
    subject: 'An app password was revoked',
    sentence: 'The app password named {what} was revoked. Mail apps that used it can no longer open your mailbox.',
  },
  'mail_login.account_password_refused': {
    subject: 'A mail app tried your account password',
    sentence:
      'A mail app tried to open your mailbox over {what} with your account password, and was refused: now that two-factor authentication is on, mail apps need an app password. If it was your app, create an app password on the Account Security page and enter it in the app instead of your password. (We send this at most once a day.)',
  },
  'factor.removed': {
    subject: 'A sign-in method was removed',
    sentence: '{what} was removed from your account and can no longer be used to sign in.',
  },
};

export function composeSecurityEmail({
  notice,
  actor,
  at,
  what = '',
}: {
  notice: SecurityNotice;
  /** Who made the change: the owner's address is shown; staff are named as staff. */
  actor: Actor;
  at: Date;
  what?: string;
}): { subject: string; body: string } {
  const { subject } = WHAT_HAPPENED[notice];
  const sentence = WHAT_HAPPENED[notice].sentence.replace('{what}', what.charAt(0).toUpperCase() + what.slice(1));
  const where = actor.kind === 'staff' || actor.kind === 'console' ? 'by Gatehouse staff' : `from the address ${actor.request.ip}`;
  const body = [
    sentence,
    '',
    `When: ${at.toUTCString()}`,
    `Where: ${where}`,
    '',
    'If this was you, there is nothing more to do.',
    'If it was not you, change your password now, then review the Account Security page: turn two-factor',
    'authentication on, create new backup codes and sign out everywhere. If you cannot sign in, contact support.',
  ].join('\n');
  return { subject: `Gatehouse: ${subject}`, body };
}
