import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliversIntoMailbox } from './delivers-into-mailbox';

/**
 * What an alternate address must be, whoever adds it: not the mailbox itself nor an address that
 * delivers into it (`ann+recovery@` for `ann@`): a code sent to the mailbox you are locked out of
 * helps nobody. And the account's only one.
 */
export async function checkNewAlternateEmail({ user, address }: { user: { id: string; email: string }; address: string }): Promise<void> {
  if (deliversIntoMailbox(address, user.email)) throw new AppError('ALTERNATE_EMAIL_IS_MAILBOX');
  if (await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { id: true } })) {
    throw new AppError('ALTERNATE_EMAIL_EXISTS');
  }
}
