import { prisma } from '@/lib/db/prisma';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import type { CreatedSession } from './create-session';

/**
 * What follows a new session once its transaction has committed: the mailbox's "Last sign-in"
 * (the reseller console) is set, and the notices its sign-in queued are delivered. Not in the
 * session's transaction: a sign-in holds the account row FOR SHARE there (so a racing password
 * change either ends the session or refuses it), and two sign-ins of one mailbox that each then
 * wrote that row would deadlock, each waiting for the other's share lock.
 */
export async function afterSessionCreated(session: CreatedSession): Promise<void> {
  await prisma.user.updateMany({ where: { id: session.userId }, data: { lastSignInAt: new Date() } });
  await deliverMessages(session.messageIds);
}
