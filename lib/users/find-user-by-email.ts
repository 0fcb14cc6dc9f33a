import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/** The account of an address as staff and the console type it; USER_NOT_FOUND when there is none. */
export async function findUserByEmail(email: string): Promise<{ id: string; email: string }> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}
