import { prisma } from '@/lib/db/prisma';

// Every sign-in leaves a pending login, every text or call a code row, every sign-out an ended
// session. Once expired they authenticate nothing, but they still hold code hashes, sealed call
// codes, addresses and user agents. They are kept a little while for support questions ("the
// code never came", "which browser was that?") and then deleted. The audit log keeps its own rows
// and is not touched here. Throttle rows (`rate_limits`) are swept by rate-limiter-flexible itself.
export const EXPIRED_CODE_RETENTION_MS = 24 * 60 * 60 * 1000;
export const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type PurgedRecords = { oneTimeCodes: number; pendingLogins: number; sessions: number; passwordRecoveries: number };

/** Deletes expired codes, pending logins and password recoveries after a day, and ended sessions after 30 days. */
export async function purgeExpiredRecords(): Promise<PurgedRecords> {
  const codesBefore = new Date(Date.now() - EXPIRED_CODE_RETENTION_MS);
  const sessionsBefore = new Date(Date.now() - ENDED_SESSION_RETENTION_MS);
  const [oneTimeCodes, pendingLogins, sessions, passwordRecoveries] = await prisma.$transaction([
    prisma.oneTimeCode.deleteMany({ where: { expiresAt: { lt: codesBefore } } }),
    // A pending login's own codes go with it (onDelete: Cascade), whatever their expiry says.
    prisma.pendingLogin.deleteMany({ where: { expiresAt: { lt: codesBefore } } }),
    prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lt: sessionsBefore } }, { revokedAt: { lt: sessionsBefore } }] } }),
    // Recoveries of addresses that are no mailbox too: anyone can start one, so they must not pile up.
    prisma.passwordRecovery.deleteMany({ where: { expiresAt: { lt: codesBefore } } }),
  ]);
  return { oneTimeCodes: oneTimeCodes.count, pendingLogins: pendingLogins.count, sessions: sessions.count, passwordRecoveries: passwordRecoveries.count };
}
