import type { MailProtocol } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';

/** How long the security page keeps saying that a mail app tried the account password. */
const SHOWN_FOR_MS = 30 * 24 * 60 * 60 * 1000;

export type AccountPasswordRefusal = { lastAt: Date; lastIp: string | null; protocol: MailProtocol };

/** The last time a mail app offered this mailbox's account password and was refused, if recent. */
export async function readAccountPasswordRefusal({ userId }: { userId: string }): Promise<AccountPasswordRefusal | null> {
  const row = await prisma.mailPasswordRefusal.findUnique({ where: { userId }, select: { lastAt: true, lastIp: true, protocol: true } });
  return row && Date.now() - row.lastAt.getTime() < SHOWN_FOR_MS ? row : null;
}
