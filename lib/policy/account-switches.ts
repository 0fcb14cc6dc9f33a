import type { FloorKey } from './policy-settings';

/**
 * The on/off account settings as resellers and administrators know them, in the order screens show
 * them: the brand settings screen and the platform's defaults use the same words.
 */
export const ACCOUNT_SWITCHES: ReadonlyArray<{ key: FloorKey; label: string; hint?: string }> = [
  { key: 'allowTwoFactor', label: 'Allow two-factor auth (2FA)', hint: 'Off: users cannot turn it on; those who have it keep it.' },
  { key: 'allowDisable', label: 'Allow users to disable 2FA', hint: 'Off: there is no Disable; support can still reset.' },
  { key: 'allowAppPasswords', label: 'Allow app-specific passwords' },
  { key: 'allowOrganisations', label: 'Allow family and business accounts', hint: 'Off: mailboxes cannot create one; those that exist go on.' },
  {
    key: 'familyAdminsMayReset',
    label: 'Family administrators may reset a member\u2019s 2FA',
    hint: 'Business administrators always may, for their own members, with a reason.',
  },
  { key: 'requireTwoFactor', label: 'Require two-factor authentication', hint: 'Users without a second factor must set one up to sign in.' },
  { key: 'offerNewIpChallenge', label: 'Users may ask for the code only from a new IP address' },
  { key: 'offerNewCountryChallenge', label: 'Users may ask for the code only from a new country' },
  { key: 'offerNeverChallenge', label: 'Users may choose never to be asked for the code', hint: 'Never offered while 2FA is required.' },
];
