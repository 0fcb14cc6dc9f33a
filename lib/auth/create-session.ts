import type { Tx } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { SESSION_MAX_AGE_SECONDS } from './next-auth-options';

export type CreatedSession = { sessionId: string; userId: string };

/** The full session row; only ever written after every factor the account has was proven. */
export async function createSession(
  tx: Tx,
  { userId, request, secondFactorAt }: { userId: string; request: RequestContext; secondFactorAt: Date | null },
): Promise<CreatedSession> {
  const session = await tx.session.create({
    data: {
      userId,
      secondFactorAt,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ip: request.ip,
      userAgent: request.userAgent,
    },
    select: { id: true },
  });
  return { sessionId: session.id, userId };
}
