import { deliversIntoMailbox } from '@/lib/alternate-email/delivers-into-mailbox';
import { maskEmail, maskPhoneNumber } from '@/lib/core/mask';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import type { Tx } from '@/lib/db/prisma';

/** Where support may send a password reset link: `email` the alternate address, `sms` a backup phone. */
export type ResetVia = 'email' | 'sms';

export type ResetDestination =
  | { via: 'email'; channel: 'EMAIL'; to: string; countryCode: null; masked: string }
  | { via: 'sms'; channel: 'SMS'; to: string; countryCode: string; masked: string };

/**
 * Where a link to choose a new password may go for this mailbox: its confirmed alternate address
 * and one confirmed backup phone (AlternateEmail and Phone rows exist only once confirmed), never
 * the mailbox itself, whose owner is the one who cannot get in. An alternate address that delivers
 * into the mailbox anyway (the same address with a `+tag`) is no destination at all.
 */
export async function readResetDestinations(db: Pick<Tx, 'user'>, { userId }: { userId: string }): Promise<ResetDestination[]> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      alternateEmail: { select: { address: true } },
      // The SMS password's mobile number first (the owner named it as theirs to text), then the oldest.
      phones: { select: { number: true, countryCode: true }, orderBy: [{ isMobileForSms: 'desc' }, { createdAt: 'asc' }], take: 1 },
    },
  });
  const destinations: ResetDestination[] = [];
  const address = user.alternateEmail?.address;
  if (address && !deliversIntoMailbox(address, user.email)) {
    destinations.push({ via: 'email', channel: 'EMAIL', to: address, countryCode: null, masked: `the alternate address ${maskEmail(address)}` });
  }
  const phone = user.phones[0];
  // Texts only where the mailbox's policy allows them, as for its own recovery and sign-in.
  if (phone && (await getEffectivePolicy({ userId })).settings.smsAvailable) destinations.push({ via: 'sms', channel: 'SMS', to: phone.number, countryCode: phone.countryCode, masked: `the backup phone ${maskPhoneNumber(phone.number)}` });
  return destinations;
}
