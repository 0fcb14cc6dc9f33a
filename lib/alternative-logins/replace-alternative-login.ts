import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import type { AlternativeLoginKind } from '@/lib/db/generated/enums';
import type { Tx } from '@/lib/db/prisma';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { readSubject } from '@/lib/users/read-subject';
import { nameAlternativeLogin } from './alternative-login-names';
import { requireFullSignIn } from './require-full-sign-in';

/**
 * The one change both creation verbs share: after the verb's own refusals (`check`) and
 * re-authentication, behind the account's lock, the mailbox's login of this kind (if any) is
 * deleted, which ends the sessions and pending logins it opened, and the new one is created, with
 * `fill` writing what belongs to it (a list's passwords). Audited and e-mailed in the same
 * transaction; the unique (userId, kind) index keeps one of each kind even for a writer that
 * skips this.
 */
export async function replaceAlternativeLogin({
  actor,
  userId,
  code,
  kind,
  isRestricted,
  check,
  secretHash,
  checkLocked,
  fill,
}: {
  actor: Actor;
  userId: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code: TSecondFactorCode | null;
  kind: AlternativeLoginKind;
  isRestricted: boolean;
  /** The verb's refusals, before re-authentication, so a refused login never costs a backup code. */
  check?: () => Promise<void>;
  /** The stored secret (an SMS password's or a list prefix's hash), made once the checks passed. */
  secretHash: () => Promise<string | null>;
  /** Checked again behind the lock: what may have changed since the verb looked. */
  checkLocked?: (tx: Tx) => Promise<void>;
  fill?: (tx: Tx, alternativeLoginId: string) => Promise<void>;
}): Promise<{ id: string; createdAt: Date }> {
  let hash = null as string | null;
  return changeAccount(
    {
      actor,
      userId,
      action: 'alternative_login.manage',
      reauth: { code },
      audit: 'alternative_login.created',
      notice: 'alternative_login.created',
      check: async () => {
        requireFullSignIn(actor, await readSubject(userId));
        await check?.();
      },
      prepare: async () => {
        hash = await secretHash();
      },
    },
    async (tx) => {
      await checkLocked?.(tx);
      const { count: replaced } = await tx.alternativeLogin.deleteMany({ where: { userId, kind } });
      const row = await tx.alternativeLogin.create({ data: { userId, kind, isRestricted, secretHash: hash }, select: { id: true, createdAt: true } });
      await fill?.(tx, row.id);
      const hasPrefix = hash !== null;
      return {
        result: row,
        detail: { alternativeLoginId: row.id, kind, isRestricted, ...(kind === 'ONE_TIME_LIST' ? { hasPrefix } : {}), isReplacement: replaced > 0 },
        what: `${nameAlternativeLogin({ kind, hasPrefix })}${isRestricted ? ' (restricted: it cannot change or remove anything)' : ''}${replaced > 0 ? ', replacing the previous one,' : ''}`,
      };
    },
  );
}
