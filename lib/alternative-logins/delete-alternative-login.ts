import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { readSubject } from '@/lib/users/read-subject';
import { nameAlternativeLogin } from './alternative-login-names';
import { requireFullSignIn } from './require-full-sign-in';

/**
 * "Delete": removes one alternative login. The database deletes with it its one-time passwords
 * and the sessions and pending logins it opened, so whoever signed in with it is signed out at
 * once. Audited and e-mailed in the transaction that deletes it; an id that is not this mailbox's
 * (or is gone already) changes nothing.
 */
export async function deleteAlternativeLogin({
  actor,
  userId,
  alternativeLoginId,
  code = null,
}: {
  actor: Actor;
  userId: string;
  alternativeLoginId: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await changeAccount(
    {
      actor,
      userId,
      action: 'alternative_login.manage',
      reauth: { code },
      audit: 'alternative_login.deleted',
      notice: 'alternative_login.deleted',
      check: async () => {
        requireFullSignIn(actor, await readSubject(userId));
        if (!z.uuid().safeParse(alternativeLoginId).success) throw new AppError('ALTERNATIVE_LOGIN_NOT_FOUND');
        // Checked before re-authentication too, so a stale or forged id never costs the user a backup code.
        if (!(await prisma.alternativeLogin.findFirst({ where: { id: alternativeLoginId, userId }, select: { id: true } }))) {
          throw new AppError('ALTERNATIVE_LOGIN_NOT_FOUND');
        }
      },
    },
    async (tx) => {
      const row = await tx.alternativeLogin.findFirst({ where: { id: alternativeLoginId, userId }, select: { id: true, kind: true, secretHash: true } });
      if (!row) throw new AppError('ALTERNATIVE_LOGIN_NOT_FOUND');
      await tx.alternativeLogin.delete({ where: { id: row.id } });
      return {
        result: undefined,
        detail: { alternativeLoginId: row.id, kind: row.kind },
        what: nameAlternativeLogin({ kind: row.kind, hasPrefix: row.secretHash !== null }),
      };
    },
  );
}
