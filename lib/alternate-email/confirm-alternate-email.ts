import type { Actor } from '@/lib/core/actor';
import { confirmDestination } from '@/lib/mfa/one-time-codes/confirm-destination';
import { maskEmail } from '@/lib/core/mask';

/** The code sent to the new address proves it; only now is it saved. */
export async function confirmAlternateEmail({
  actor,
  userId,
  code,
}: {
  actor: Actor;
  userId: string;
  code: string;
}): Promise<{ address: string }> {
  return confirmDestination({
    actor,
    userId,
    purpose: 'VERIFY_EMAIL',
    code,
    audit: 'alternate_email.added',
    // The notice's audience is read before the change: it reaches the mailbox, not the new address.
    save: async (tx, spent) => {
      await tx.alternateEmail.create({ data: { userId, address: spent.destination } });
      const masked = maskEmail(spent.destination);
      return { result: { address: spent.destination }, detail: { address: masked }, what: `the alternate e-mail address ${masked}` };
    },
  });
}
