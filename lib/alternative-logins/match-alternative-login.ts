import { verifyPassword } from '@/lib/core/hash-password';
import type { AlternativeLoginKind } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { hashOneTimePassword, splitOneTimeLogin } from './one-time-password-secret';

/** An alternative login whose secret was typed on /sign-in. */
export type MatchedAlternativeLogin = {
  id: string;
  kind: AlternativeLoginKind;
  isRestricted: boolean;
  /**
   * Whether what was typed proves two factors by itself: an SMS password never does (its code
   * is the second), a one-time password does only behind its memorised prefix.
   */
  isTwoFactor: boolean;
  /** The line of a one-time list that matched, not yet spent. */
  oneTimePassword: { id: string; usedAt: Date | null } | null;
};

/**
 * What the password step tries after the account password failed, for an account that has
 * alternative logins: a one-time password (one indexed lookup on its keyed hash, then the prefix's
 * argon2id verify only when the line matched), else the SMS password (argon2id). A used line still
 * matches, so the caller can say it was used; only a line whose prefix was right gets that far.
 */
export async function matchAlternativeLogin({
  account,
  typed,
}: {
  /** The account the address names, or null for an unknown address. */
  account: { id: string; hasAlternativeLogins: boolean } | null;
  typed: string;
}): Promise<MatchedAlternativeLogin | null> {
  // Every refused password step costs this one more argon2id verify, whether or not the account
  // exists or has an SMS password, so the time to refuse says neither.
  if (!account?.hasAlternativeLogins) {
    await verifyPassword({ password: typed, passwordHash: null });
    return null;
  }
  const userId = account.id;
  const logins = await prisma.alternativeLogin.findMany({
    where: { userId },
    select: { id: true, kind: true, isRestricted: true, secretHash: true },
  });
  const list = logins.find((login) => login.kind === 'ONE_TIME_LIST');
  const oneTime = list ? splitOneTimeLogin(typed) : null;
  if (list && oneTime) {
    const line = await prisma.oneTimePassword.findFirst({
      where: { alternativeLoginId: list.id, secretHash: hashOneTimePassword({ userId, letters: oneTime.letters }) },
      select: { id: true, usedAt: true },
    });
    // A list with a prefix needs it typed right; a list without one takes the line alone.
    const isPrefixRight = async () =>
      list.secretHash ? verifyPassword({ password: oneTime.prefix, passwordHash: list.secretHash }) : oneTime.prefix === '';
    if (line && (await isPrefixRight())) {
      return { id: list.id, kind: list.kind, isRestricted: list.isRestricted, isTwoFactor: list.secretHash !== null, oneTimePassword: line };
    }
  }
  const smsPassword = logins.find((login) => login.kind === 'SMS_PASSWORD');
  if (await verifyPassword({ password: typed, passwordHash: smsPassword?.secretHash ?? null }) && smsPassword) {
    return { id: smsPassword.id, kind: smsPassword.kind, isRestricted: smsPassword.isRestricted, isTwoFactor: false, oneTimePassword: null };
  }
  return null;
}
