import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';

/**
 * "Revoke": deletes one app password. The next login with it is refused at once, because every
 * mail login asks Gatehouse (Dovecot's auth cache is off for them, docs/dovecot/README.md).
 * Revoking takes a way in away, so it needs no re-authentication, like signing out. Audited and
 * e-mailed in the transaction that deletes it; an id that is not this mailbox's (or is gone
 * already) changes nothing.
 */
export async function revokeAppPassword({ actor, userId, appPasswordId }: { actor: Actor; userId: string; appPasswordId: string }): Promise<void> {
  await changeAccount(
    {
      actor,
      userId,
      action: 'app_password.revoke',
      reauth: 'none',
      audit: 'app_password.revoked',
      notice: 'app_password.revoked',
      check: async () => {
        if (!z.uuid().safeParse(appPasswordId).success) throw new AppError('APP_PASSWORD_NOT_FOUND');
      },
    },
    async (tx) => {
      const row = await tx.appPassword.findFirst({ where: { id: appPasswordId, userId }, select: { id: true, name: true } });
      // Deleted by a conditional delete: of two parallel revocations, one finds nothing to delete.
      const { count } = row ? await tx.appPassword.deleteMany({ where: { id: row.id } }) : { count: 0 };
      if (!row || count !== 1) throw new AppError('APP_PASSWORD_NOT_FOUND');
      return { result: undefined, detail: { appPasswordId: row.id, name: row.name }, what: `“${row.name}”` };
    },
  );
}
