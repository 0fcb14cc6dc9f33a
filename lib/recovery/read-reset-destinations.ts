import { readRecoveryAccount } from './read-recovery-account';

/** Where support may send a password reset link: `email` the alternate address, `sms` a backup phone. */
export type ResetVia = 'email' | 'sms';

export type ResetDestination =
  | { via: 'email'; channel: 'EMAIL'; to: string; countryCode: null; masked: string }
  | { via: 'sms'; channel: 'SMS'; to: string; countryCode: string; masked: string };

/**
 * Where a link to choose a new password may go for this mailbox: among the destinations its own
 * recovery may use (readRecoveryAccount, the one rule: confirmed, never the mailbox or an address
 * that delivers into it, texts only where the policy and the country allow), the alternate address
 * and one backup phone: the SMS logins' mobile number (the owner named it as theirs to text), else
 * the oldest.
 */
export async function readResetDestinations({ userId }: { userId: string }): Promise<ResetDestination[]> {
  const account = await readRecoveryAccount({ userId });
  if (!account) return [];
  const destinations: ResetDestination[] = [];
  const email = account.destinations.find((destination) => destination.channel === 'EMAIL');
  if (email?.to) destinations.push({ via: 'email', channel: 'EMAIL', to: email.to, countryCode: null, masked: `the alternate address ${email.masked}` });
  const phones = account.destinations.filter((destination) => destination.channel === 'SMS');
  const phone = phones.find((destination) => destination.isMobileForSms) ?? phones[0];
  if (phone?.to && phone.countryCode) destinations.push({ via: 'sms', channel: 'SMS', to: phone.to, countryCode: phone.countryCode, masked: `the backup phone ${phone.masked}` });
  return destinations;
}
