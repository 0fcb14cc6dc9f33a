import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/**
 * What an alternate address must be, whoever adds it: not the mailbox itself (a code sent to the
 * mailbox you are locked out of helps nobody), and the account's only one.
 */
export async function checkNewAlternateEmail({ user, address }: { user: { id: string; email: string }; address: string }): Promise<void> {
  if (address === user.email) {
    const message = 'Use an address other than this mailbox: if you cannot get into it, a code sent there cannot help.';
    throw new AppError('INVALID_INPUT', { message, fieldErrors: { address: [message] } });
  }
  if (await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { id: true } })) {
    throw new AppError('ALREADY_ADDED', { message: 'There is already an alternate address. Remove it first to use another.' });
  }
}
