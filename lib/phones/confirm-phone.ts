import type { Actor } from '@/lib/core/actor';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { maskPhoneNumber } from '@/lib/core/mask';

/** "Add Phone Number", last step: the code that went to the number proves it; only now is it saved. */
export async function confirmPhone({
  actor,
  userId,
  code,
}: {
  actor: Actor;
  userId: string;
  code: string;
}): Promise<{ number: string }> {
  return confirmDestination({
    actor,
    userId,
    purpose: 'VERIFY_PHONE',
    code,
    audit: 'phone.added',
    save: async (tx, spent) => {
      await tx.phone.create({ data: { userId, number: spent.destination, countryCode: spent.countryCode ?? '' } });
      const masked = maskPhoneNumber(spent.destination);
      return { result: { number: spent.destination }, detail: { number: masked }, what: `the backup phone ${masked}` };
    },
  });
}
