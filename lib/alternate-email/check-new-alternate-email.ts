import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/**
 * What an alternate address must be, whoever adds it: not the mailbox itself (a code sent to the
 * mailbox you are locked out of helps nobody), and the account's only one.
 */
export async function checkNewAlternateEmail({ user, address }: { user: { id: string; email: string }; address: string }): Promise<void> {
  if (address === user.email) throw new AppError('ALTERNATE_EMAIL_IS_MAILBOX');
  if (await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { id: true } })) {
    throw new AppError('ALTERNATE_EMAIL_EXISTS');
  }
}
