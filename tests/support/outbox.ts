// The messages Gatehouse wrote, read from the database the way the development outbox shows
// them. Vitest only (Playwright reads the outbox page instead: e2e/messages.ts).
import { prisma } from '@/lib/db/prisma';
import type { Channel } from '@/lib/db/generated/enums';

/** The newest message row to `to`: the outbox copy, or the redacted record of a provider send. */
export async function latestMessageTo(to: string, channel?: Channel) {
  return prisma.outboundMessage.findFirstOrThrow({
    where: { to, ...(channel ? { channel } : {}) },
    orderBy: { createdAt: 'desc' },
    select: { id: true, channel: true, from: true, subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
  });
}

export function countMessagesTo(to: string): Promise<number> {
  return prisma.outboundMessage.count({ where: { to } });
}

/** The plaintext code of the newest text, call or e-mail code sent to `to`, read from the outbox. */
export async function readSentCode(to: string, channel: Channel): Promise<string> {
  const message = await latestMessageTo(to, channel);
  const match =
    channel === 'SMS'
      ? /^Your .+ code is (\d{6})\./.exec(message.body)
      : channel === 'VOICE'
        ? /Your .+ code is: (\d), (\d), (\d), (\d), (\d), (\d)\./.exec(message.body)
        : /^Your .+ code: (\d{6})$/.exec(message.subject ?? '');
  if (!match) throw new Error(`no code in the ${channel} outbox message to ${to}: ${message.subject ?? ''} ${message.body}`);
  return channel === 'VOICE' ? match.slice(1, 7).join('') : (match[1] as string);
}
