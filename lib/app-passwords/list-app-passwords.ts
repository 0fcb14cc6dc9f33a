import type { MailProtocol } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';

export type ListedAppPassword = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  lastUsedProtocol: MailProtocol | null;
};

/** A mailbox's app passwords, oldest first: what the security page and the command line list. */
export async function listAppPasswords({ userId }: { userId: string }): Promise<ListedAppPassword[]> {
  return prisma.appPassword.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, lastUsedIp: true, lastUsedProtocol: true },
  });
}
