import { prisma } from '@/lib/db/prisma';

/** The development outbox's page: the 50 newest messages, as they would have been sent. */
export async function listOutbox() {
  return prisma.outboundMessage.findMany({
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, channel: true, to: true, from: true, subject: true, body: true, status: true, createdAt: true },
  });
}
