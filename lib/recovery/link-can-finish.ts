import { decideRecoveryStep, proofOfChannel } from './read-password-recovery';
import { readRecoveryAccount } from './read-recovery-account';

/**
 * Whether a reset link support sends could, with what the owner holds, end in a new password:
 * some destination a link can go to, after which the recovery's rule (decideRecoveryStep) asks
 * for something the mailbox has, rather than sending the owner back to support. Where no link can
 * (a mailbox with no destination, or whose second factor is its one destination: an alternate
 * address alone), support's reset code is the way: with a code to that destination it makes two
 * different proofs.
 */
export async function linkCanFinish({ userId }: { userId: string }): Promise<boolean> {
  const account = await readRecoveryAccount({ userId });
  if (!account) return false;
  return account.destinations.some(
    (destination) => decideRecoveryStep({ email: account.email, proofs: [proofOfChannel(destination.channel)] }, account).step.step !== 'contact-support',
  );
}
