/** The support actions on one mailbox, each with its own confirmation page (/support/mailboxes/<id>/<slug>). */
export const SUPPORT_ACTIONS = {
  'disable-2fa': {
    title: 'Disable 2FA',
    button: 'Disable 2FA',
    consequences: [
      'Every second factor of the mailbox is removed: authenticator app, backup phones, alternate e-mail codes and backup codes, and its alternative logins (SMS password, one-time list).',
      'The mailbox is signed out everywhere. Its app passwords keep working unless you tick “Also revoke app passwords”.',
      'Its owner signs in with the password alone and sets up two-factor authentication again; where the brand requires it, they must do so at their next sign-in.',
      'The owner is e-mailed that support did this.',
    ],
  },
  'recovery-codes': {
    title: 'Issue recovery codes',
    button: 'Issue recovery codes',
    consequences: [
      'A new set of one-time backup codes replaces the old set; every other factor stays.',
      'The codes are shown to you once. Hand them over only after the brand’s identity check, through the channel it trusts.',
      'The owner is e-mailed that support did this.',
    ],
  },
  'password-reset-link': {
    title: 'Send a password reset link',
    button: 'Send the link',
    consequences: [
      'A link to choose a new password goes to the owner’s confirmed alternate address or backup phone, never to the mailbox itself. You never see the link or the password.',
      'It works once, within 30 minutes. Any earlier link or reset code support issued for this mailbox stops working.',
      'Where the mailbox has two-factor authentication, the owner still proves a second factor before choosing the password.',
      'The owner is e-mailed that support did this.',
    ],
  },
  'password-reset-code': {
    title: 'Issue a password reset code',
    button: 'Issue a reset code',
    consequences: [
      'Only for a mailbox with no confirmed alternate address or backup phone (otherwise, send a reset link).',
      'A single-use code is shown to you once. Hand it over only after the brand’s identity check, through the channel it trusts; the owner enters it at “I have a reset code from support” to choose a new password.',
      'It works once, within 30 minutes. Any earlier link or reset code support issued for this mailbox stops working.',
      'The owner is e-mailed that support did this.',
    ],
  },
  'reset-locations': {
    title: 'Reset remembered locations',
    button: 'Reset remembered locations',
    consequences: [
      'The mailbox forgets every address and country it remembers.',
      'The next sign-in from any of them asks for the code again.',
      'The owner is e-mailed that support did this.',
    ],
  },
  unlock: {
    title: 'Unlock sign-in',
    button: 'Unlock sign-in',
    consequences: ['Every lock after too many wrong passwords or codes is cleared.', 'The owner is e-mailed that support did this.'],
  },
  'sign-out': {
    title: 'Sign out everywhere',
    button: 'Sign out everywhere',
    consequences: ['Every session of the mailbox ends, and every sign-in in progress.', 'The owner is e-mailed that support did this.'],
  },
} as const;

export type SupportActionSlug = keyof typeof SUPPORT_ACTIONS;

export function isSupportActionSlug(value: string): value is SupportActionSlug {
  return Object.hasOwn(SUPPORT_ACTIONS, value);
}
