import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import type { SessionView } from '@/lib/core/actor';
import { prisma } from '@/lib/db/prisma';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { readEnrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import { authOptions } from './next-auth-options';

/** A live session and its user: the ground floor's view of it (the Actor carries this). */
export type CurrentSession = SessionView;

/**
 * The signed-in user, or null. A cookie alone is not enough: its Session row must exist, be
 * unexpired and unrevoked, and still hold the token the cookie carries. A pending login (password accepted, second factor not yet) has no
 * session cookie at all, so it is null here on every page and action.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  // Per-request by nature: never prerendered at build time.
  await connection();
  const nextAuthSession = await getServerSession(authOptions());
  const sessionId = nextAuthSession?.sessionId;
  const tokenId = nextAuthSession?.tokenId;
  if (!sessionId || !tokenId) return null;
  return readSession({ sessionId, tokenId });
});

/** The session a cookie names, when its row is live and still holds the token the cookie carries. */
export async function readSession({ sessionId, tokenId }: { sessionId: string; tokenId: string }): Promise<CurrentSession | null> {
  const row = await prisma.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      secondFactorAt: true,
      tokenId: true,
      secondFactorTokenId: true,
      createdAt: true,
      alternativeLoginId: true,
      isRestricted: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, brandId: true, enrolmentDeadline: true, roleGrants: { select: { role: true, brandId: true } }, ...MFA_STATE_SELECT } },
    },
  });
  // A cookie from before the session's last authentication step carries an old token: refused.
  if (!row || row.tokenId !== tokenId || row.revokedAt || row.expiresAt <= new Date()) return null;
  const isTwoFactorOn = isMfaEnabled(row.user);
  // Requiring 2FA leaves no way around it: once a mailbox's enrolment period is over, no session of
  // it without a second factor lives on, whenever it was opened ("Set up later" sessions already end
  // at the deadline; one opened before the requirement must end too). The policy is read only for
  // the few mailboxes whose deadline has passed without a factor: a brand that has since dropped the
  // requirement keeps them signed in.
  if (!isTwoFactorOn && row.user.enrolmentDeadline && row.user.enrolmentDeadline <= new Date()) {
    const requirement = await readEnrolmentRequirement({ userId: row.user.id });
    if (requirement.isRequired && requirement.isOverdue) return null;
  }
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await prisma.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } });
  }
  return {
    session: {
      id: row.id,
      secondFactorAt: row.secondFactorAt,
      tokenId: row.tokenId,
      secondFactorTokenId: row.secondFactorTokenId,
      createdAt: row.createdAt,
      alternativeLoginId: row.alternativeLoginId,
      isRestricted: row.isRestricted,
    },
    user: {
      id: row.user.id,
      email: row.user.email,
      brandId: row.user.brandId,
      roles: row.user.roleGrants,
      isMfaEnabled: isTwoFactorOn,
      hasAuthenticatorApp: hasAuthenticatorApp(row.user),
    },
  };
}
