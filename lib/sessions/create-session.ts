import { randomUUID } from 'node:crypto';
import type { Actor } from '@/lib/core/actor';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Tx } from '@/lib/db/prisma';
import { countryName } from '@/lib/geo/country-name';
import { recordSignInLocation } from '@/lib/locations/record-sign-in-location';
import { queueAccountNotice, readNoticeAudience } from '@/lib/core/account-notice';
import { SESSION_MAX_AGE_SECONDS } from './next-auth-options';

/** The session, and the notices its sign-in queued (afterSessionCreated delivers them after the commit). */
export type CreatedSession = { sessionId: string; tokenId: string; userId: string; messageIds: string[] };

/**
 * The full session row; only ever written after every factor the account has was proven (or its
 * challenge policy spared one). Every way in comes through here, so every sign-in records where it
 * came from, and one from a country the mailbox never used before e-mails the owner, whatever the
 * challenge policy.
 */
export async function createSession(
  tx: Tx,
  {
    actor,
    userId,
    secondFactorAt,
    alternativeLogin = null,
    endsBy = null,
  }: {
    /** Who is signing in: the sign-in's own actor, named in the audit of a new country. */
    actor: Actor & { kind: 'visitor' | 'enrolling' };
    userId: string;
    secondFactorAt: Date | null;
    /** The alternative login that opened it; its session is restricted when the login is. */
    alternativeLogin?: { id: string; isRestricted: boolean } | null;
    /** A time the session must not outlive, when earlier than its usual end (an enrolment deadline). */
    endsBy?: Date | null;
  },
): Promise<CreatedSession> {
  const { request } = actor;
  const now = new Date();
  // A new session is a new token; when this sign-in passed a second factor, it was under this token.
  const tokenId = randomUUID();
  const session = await tx.session.create({
    data: {
      userId,
      tokenId,
      secondFactorAt,
      secondFactorTokenId: secondFactorAt ? tokenId : null,
      alternativeLoginId: alternativeLogin?.id ?? null,
      isRestricted: alternativeLogin?.isRestricted ?? false,
      expiresAt: new Date(Math.min(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000, endsBy?.getTime() ?? Infinity)),
      ip: request.ip,
      userAgent: request.userAgent,
    },
    select: { id: true },
  });
  // An alternative login is for a computer the owner does not trust: where it came from is noted
  // (a new country is still told), never remembered as a place that may skip the second factor.
  const { newCountry } = await recordSignInLocation(tx, {
    userId,
    ip: request.ip,
    secondFactorPassed: secondFactorAt !== null && alternativeLogin === null,
    at: now,
  });
  let messageIds: string[] = [];
  if (newCountry) {
    await recordAuditEvent(tx, { type: 'sign_in.new_country', actor, subjectId: userId, detail: { country: newCountry } });
    const audience = await readNoticeAudience(tx, { userId });
    messageIds = await queueAccountNotice(tx, { audience, notice: 'sign_in.new_country', actor, at: now, what: countryName(newCountry) });
  }
  return { sessionId: session.id, tokenId, userId, messageIds };
}
